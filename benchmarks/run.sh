#!/usr/bin/env bash
# Builds the benchmarks module and runs every measurement, then regenerates docs/performance.md.
#
#   benchmarks/run.sh [quick|full]
#
# quick (default): 1 JMH fork, short iterations, 10,000 requests per connection run, 1,000 live rooms;
#                  under 5 minutes on an idle 2-core machine.
# full:            2 forks, longer iterations, raw-client connection runs too, room counts 1,000 → 8,000.
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
    HTTP_OPTS=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    MICRO_OPTS=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
    CONN_ARGS=(10000)
    SCALE_ARGS=(1 1000)
    ;;
  full)
    HTTP_OPTS=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
    MICRO_OPTS=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
    CONN_ARGS=(10000 --raw)
    SCALE_ARGS=(3 1000 2000 4000 8000)
    ;;
  smoke)
    # checks that everything runs (CI, a fresh clone); the figures mean nothing
    HTTP_OPTS=(-f 1 -wi 0 -i 1 -r 200ms)
    MICRO_OPTS=(-f 1 -wi 0 -i 1 -r 200ms)
    CONN_ARGS=(500)
    SCALE_ARGS=(1 50)
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
  local name="$1"; shift
  echo "== JMH $name ($(date +%T))"
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main "$@" -jvmArgsPrepend "$QUIET" -rf json -rff "$OUT/$name.json" | tee "$OUT/$name.log" \
    | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ )' || true
  if [ ! -s "$OUT/$name.json" ] || grep -q '<failure>' "$OUT/$name.log"; then
    echo "JMH $name failed, see $OUT/$name.log" >&2
    exit 1
  fi
}

# rawAsApi tells the wire cost from the client's CPU, which matters where the loop is CPU-bound (64 in flight); quick
# mode skips it at concurrency 1 to stay short
T1_REGEX='HttpOverheadBenchmark'
[ "$MODE" = quick ] && T1_REGEX='HttpOverheadBenchmark\.(raw|request|api|apiWbi)$'
jmh jmh-http-t1 "$T1_REGEX" -t 1 "${HTTP_OPTS[@]}"
jmh jmh-http-t64 'HttpOverheadBenchmark' -t 64 "${HTTP_OPTS[@]}"
jmh jmh-wbi 'WbiSignBenchmark' -t 1 -prof gc "${MICRO_OPTS[@]}"
jmh jmh-danmaku 'DanmakuDecodeBenchmark' -t 1 "${MICRO_OPTS[@]}"

echo "== connection reuse ($(date +%T))"
"$JAVA" -Xmx1g $QUIET -Dbench.backends=okhttp,okhttp+session,webclient,jdk -cp "$CP" io.github.bilibiliapi.benchmarks.ConnectionReuse "$OUT/connections.json" "${CONN_ARGS[@]}" \
  2> "$OUT/connections.err"
echo "== danmaku scale ($(date +%T))"
"$JAVA" -Xmx2g $QUIET -Dbench.backends=okhttp,okhttp+session,webclient,webclient+session,jdk -cp "$CP" io.github.bilibiliapi.benchmarks.DanmakuScale "$OUT/danmaku-scale.json" "${SCALE_ARGS[@]}" \
  2> "$OUT/danmaku-scale.err"

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
  echo "loadBefore=$LOAD_BEFORE"
  echo "loadAfter=$LOAD_AFTER (whole run: ${ELAPSED} s including the build)"
  echo "jmh=JMH 1.37, $MODE: HTTP ${HTTP_OPTS[*]}; micro ${MICRO_OPTS[*]}"
} > "$OUT/machine.properties"

echo "== report ($(date +%T))"
REPORT="$ROOT/docs/performance.md"
[ "$MODE" = smoke ] && REPORT="$ROOT/benchmarks/target/performance-smoke.md"
"$JAVA" -cp "$CP" io.github.bilibiliapi.benchmarks.PerformanceReport "$OUT" "$REPORT" \
  "$ROOT/benchmarks/performance-notes.md"
echo "done in ${ELAPSED} s"
