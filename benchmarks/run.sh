#!/usr/bin/env bash
# Builds the benchmarks module and runs every measurement, then regenerates docs/performance.md.
#
#   benchmarks/run.sh [quick|full]
#
# quick (default): HTTP ways 2 rounds of 0.5 s each after ≤ 12 s of JIT warm-up and 5 s under load, 1 short fork
#                  per micro benchmark,
#                  10,000 requests per connection run, 1,000 live rooms; the `+session` variants are skipped;
#                  the live cluster with 500 then 1,000 rooms on one instance; decoding against the npm
#                  client bilibili-live-ws (5 rounds of 1 s);
#                  video: a 64 MiB file for throughput, 1 GiB per backend under -Xmx64m.
#                  Under 5 minutes on an idle 2-core machine, build included, plus about 3 for the video step.
# full:            HTTP ways 2 forks × 12 rounds of 1 s after ≤ 30 s of JIT warm-up and 10 s under load, 2 forks per
#                  micro benchmark, raw-client connection runs, the `+session` variants, room counts 1,000 → 4,000,
#                  the live cluster from 500 rooms up to 8,000 or the first that fails, 10,000 rooms on
#                  webclient with the fake in its own JVM, decoding against bilibili-live-ws (9 rounds of 2 s);
#                  video: a 256 MiB file for throughput, 1 GiB per backend under -Xmx64m.
#                  About 40 minutes (2,384 s on 2026-12-07 with 12 rounds per fork), video step included.
# smoke:           seconds per step, to check the script end to end; writes the report to
#                  benchmarks/target/performance-smoke.md instead of docs/performance.md.
# Environment: JAVA (default: java on PATH), MVN_OPTS (extra Maven flags, e.g. -o).
set -euo pipefail

MODE="${1:-quick}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA:-java}"
OUT="$ROOT/benchmarks/target/results/$MODE"

case "$MODE" in
  quick)
    # HTTP: -i must be a multiple of 5 (one iteration per way per round)
    HTTP_OPTS=(-f 1 -wi 5 -w 1s -i 10 -r 500ms)
    HTTP_WARM_MS=12000
    MICRO_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    CONN_ARGS=(10000)
    CONN_BACKENDS=okhttp,webclient,jdk
    SCALE_ARGS=(1 1000)
    SCALE_BACKENDS=okhttp,webclient,jdk
    CLUSTER_ARGS=(1 100 500 1000)
    NODE_ARGS=(1 5)
    LARGE_ARGS=()
    OKHTTP_ARGS=()
    VIDEO_ARGS=(64 1024)
    ;;
  full)
    HTTP_OPTS=(-f 2 -wi 10 -w 1s -i 60 -r 1s)
    HTTP_WARM_MS=30000
    MICRO_OPTS=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
    CONN_ARGS=(10000 --raw)
    CONN_BACKENDS=okhttp,okhttp+session,webclient,jdk
    SCALE_ARGS=(2 1000 2000 4000)
    SCALE_BACKENDS=okhttp,okhttp+session,webclient,webclient+session,jdk
    CLUSTER_ARGS=(1 100 500 1000 2000 4000 8000)
    NODE_ARGS=(2 9)
    LARGE_ARGS=(1 4000 10000)
    OKHTTP_ARGS=(1 1000 2000)
    VIDEO_ARGS=(256 1024)
    ;;
  smoke)
    # checks that everything runs (CI, a fresh clone); the figures mean nothing
    HTTP_OPTS=(-f 1 -wi 0 -i 5 -r 200ms)
    HTTP_WARM_MS=500
    MICRO_OPTS=(-f 1 -wi 0 -i 1 -r 200ms)
    CONN_ARGS=(500)
    CONN_BACKENDS=okhttp,webclient,jdk
    SCALE_ARGS=(1 50)
    SCALE_BACKENDS=okhttp,webclient,jdk
    CLUSTER_ARGS=(1 10 50)
    NODE_ARGS=(0.2 1)
    LARGE_ARGS=(1 100)
    OKHTTP_ARGS=(1 50)
    VIDEO_ARGS=(8 32)
    ;;
  *)
    echo "usage: $0 [quick|full|smoke]" >&2
    exit 2
    ;;
esac

rm -rf "$OUT"
mkdir -p "$OUT"
START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

echo "== build ($(date +%T))"
# -am: the modules under test come from this checkout, never from a stale ~/.m2 snapshot
./mvnw -B -q ${MVN_OPTS:-} -pl benchmarks -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
# no logging backend on the class path: keep SLF4J's "no providers" notice out of every fork's output
QUIET="-Dslf4j.internal.verbosity=ERROR"
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"

jmh() {
  local name="$1" props="$2"; shift 2
  echo "== JMH $name ($(date +%T))"
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$@" -jvmArgsPrepend "$QUIET $props" -rf json -rff "$OUT/$name.json" | tee "$OUT/$name.log" \
    | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ |Iteration .*\[|# Parameters)' || true
  if [ ! -s "$OUT/$name.json" ] || grep -q '<failure>' "$OUT/$name.log"; then
    echo "JMH $name failed, see $OUT/$name.log" >&2
    exit 1
  fi
}

# one fork per backend and window (1, 64), the five ways taking turns by iteration; latency histograms go to $OUT
jmh jmh-http "-Dbench.out=$OUT -Dbench.warmUpMaxMs=$HTTP_WARM_MS -Dbench.jitWaitMaxMs=$((HTTP_WARM_MS / 3))" 'HttpOverheadBenchmark' -t 1 "${HTTP_OPTS[@]}"
jmh jmh-apilayer "" 'ApiLayerBenchmark' -t 1 -prof gc "${MICRO_OPTS[@]}"
jmh jmh-wbi "" 'WbiSignBenchmark' -t 1 -prof gc "${MICRO_OPTS[@]}"
jmh jmh-danmaku "" 'DanmakuDecodeBenchmark' -t 1 "${MICRO_OPTS[@]}"

echo "== connection reuse ($(date +%T))"
"$JAVA" -Xmx1g $QUIET -Dbench.backends=$CONN_BACKENDS -cp "$CP" io.github.bilibiliapi.benchmarks.ConnectionReuse "$OUT/connections.json" "${CONN_ARGS[@]}" \
  2> "$OUT/connections.err"
echo "== danmaku scale ($(date +%T))"
"$JAVA" -Xmx2g $QUIET -Dbench.backends=$SCALE_BACKENDS -cp "$CP" io.github.bilibiliapi.benchmarks.DanmakuScale "$OUT/danmaku-scale.json" "${SCALE_ARGS[@]}" \
  2> "$OUT/danmaku-scale.err"
if [ ${#LARGE_ARGS[@]} -gt 0 ]; then
  echo "== danmaku scale, fake in its own JVM ($(date +%T))"
  # the backend with the fewest threads and bytes per room, as shipped (its WebSockets are not pooled)
  # and on a user session sized for more; the fake's sockets count against another process's open-file limit
  "$JAVA" -Xmx2g $QUIET -Dbench.backends=webclient,webclient+session -Dbench.fake=process -cp "$CP" \
    io.github.bilibiliapi.benchmarks.DanmakuScale "$OUT/danmaku-scale-large.json" "${LARGE_ARGS[@]}" \
    2> "$OUT/danmaku-scale-large.err"
  # OkHttp's thread per WebSocket: its cost per room, measured well below the container's task limit on purpose
  "$JAVA" -Xmx2g $QUIET -Dbench.backends=okhttp -Dbench.fake=process -cp "$CP" \
    io.github.bilibiliapi.benchmarks.DanmakuScale "$OUT/danmaku-scale-okhttp.json" "${OKHTTP_ARGS[@]}" \
    2> "$OUT/danmaku-scale-okhttp.err"
fi
echo "== decoding vs bilibili-live-ws ($(date +%T))"
# the npm client, pinned in benchmarks/node/package-lock.json; without node/npm the npm side is skipped
if command -v npm > /dev/null && command -v node > /dev/null; then
  npm ci --prefix "$ROOT/benchmarks/node" --no-audit --no-fund > "$OUT/npm.log" 2>&1 || echo "npm ci failed (see npm.log)"
fi
"$JAVA" -Xmx1g $QUIET -cp "$CP" io.github.bilibiliapi.benchmarks.DanmakuDecodeVsNode "$OUT/decode-vs-node.json" \
  "$ROOT/benchmarks/node" "${NODE_ARGS[@]}" > "$OUT/decode-vs-node.log" 2>&1
echo "== live cluster ($(date +%T))"
# instances, messages per room, room counts tried until one fails; writes live-cluster.json and live-cluster.md
"$JAVA" -Xmx2g $QUIET -cp "$CP" io.github.bilibiliapi.benchmarks.LiveClusterScale "$OUT" "${CLUSTER_ARGS[@]}" \
  > "$OUT/live-cluster.log" 2>&1
echo "== video downloads and danmaku decode ($(date +%T))"
# throughput file MiB, heap-run file MiB (each backend in its own -Xmx64m JVM); writes video.log
SKIP_BUILD=1 JAVA="$JAVA" "$ROOT/benchmarks/video.sh" "${VIDEO_ARGS[@]}" "$OUT"

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
ELAPSED=$(( $(date +%s) - START ))
{
  echo "command=benchmarks/run.sh $MODE"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || uname -m)"
  echo "nproc=$(nproc)"
  echo "memory=$(free -h 2>/dev/null | awk '/^Mem:/ {print $2}') RAM"
  echo "os=$(uname -srm)"
  echo "java=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vm.name|java.runtime.version/ {printf "%s ", $2}')"
  echo "openFiles=$(ulimit -n)"
  echo "maxUserProcesses=$(ulimit -u)"
  echo "threadsMax=$(cat /proc/sys/kernel/threads-max 2>/dev/null || echo ?)"
  echo "pidMax=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo ?)"
  echo "pidsMax=$(cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null | head -1 || true)"
  echo "loadBefore=$LOAD_BEFORE"
  echo "loadAfter=$LOAD_AFTER (whole run: ${ELAPSED} s including the build)"
  echo "jmh=JMH 1.37, $MODE: HTTP ${HTTP_OPTS[*]} after ≤ ${HTTP_WARM_MS} ms single-threaded and ≤ ${HTTP_WARM_MS} ms concurrent JIT warm-up; micro ${MICRO_OPTS[*]}"
} > "$OUT/machine.properties"

echo "== report ($(date +%T))"
REPORT="$ROOT/docs/performance.md"
[ "$MODE" = smoke ] && REPORT="$ROOT/benchmarks/target/performance-smoke.md"
"$JAVA" -cp "$CP" io.github.bilibiliapi.benchmarks.PerformanceReport "$OUT" "$REPORT" \
  "$ROOT/benchmarks/performance-notes.md"
echo "done in ${ELAPSED} s"
