// The npm client's side of DanmakuDecodeVsNode: bilibili-live-ws's own decoder (split, inflate, JSON.parse per
// message) over the frames the Java side wrote. Usage: node decode.js <seconds> <frame>...; prints a JSON array of
// messages per second, one per frame. Each frame is decoded for <seconds> to warm up, then for <seconds> measured.
'use strict';
const fs = require('fs');
const { makeDecoder } = require('bilibili-live-ws/src/buffer');
const { inflates } = require('bilibili-live-ws/src/inflate/node');

const decoder = makeDecoder(inflates);
let sink = 0;

async function run(buf, seconds) {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now;
  do {
    const packs = await decoder(buf);
    for (const p of packs) {
      // what a listener gets: the parsed message, by its cmd
      if (p.type === 'message') sink += p.data.cmd.length;
      n++;
    }
    now = performance.now();
  } while (now < end);
  return n / ((now - start) / 1000);
}

(async () => {
  const seconds = Number(process.argv[2]);
  const rates = [];
  for (const file of process.argv.slice(3)) {
    const buf = fs.readFileSync(file);
    await run(buf, seconds);
    rates.push(await run(buf, seconds));
  }
  if (sink === 42) console.error('');
  console.log(JSON.stringify(rates));
})().catch(e => { console.error(e); process.exit(1); });
