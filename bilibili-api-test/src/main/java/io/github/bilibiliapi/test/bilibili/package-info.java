/**
 * The bilibili REST side of the fake server: {@link io.github.bilibiliapi.test.bilibili.BilibiliModule} (routes),
 * {@link io.github.bilibiliapi.test.bilibili.FakeBilibiliState} (keys, accounts, activations, counters, shared with
 * the live module) and {@link io.github.bilibiliapi.test.bilibili.BilibiliErrors} (real error answers for scripted
 * faults). WBI, MurmurHash3, av/bv and the bili_ticket HMAC are implemented here again, independently of the client
 * library, so the fake is an oracle of the protocol rather than a mirror of the client.
 */
package io.github.bilibiliapi.test.bilibili;
