#!/usr/bin/env bash
# The video numbers of docs/performance.md ("Video downloads and danmaku"): downloader throughput against one raw GET
# of the same file per backend, a large download under a small heap per backend, danmaku segment decode rate.
#
#   benchmarks/video.sh [throughputMiB=128] [heapMiB=1024] [resultsDir]
#
# With resultsDir (benchmarks/run.sh passes its own, with SKIP_BUILD=1) the figures go to resultsDir/video.log, which
# PerformanceReport turns into the report's video section; without it they are printed.
# The heap step runs one JVM per backend with -Xmx${VIDEO_XMX_MIB:-64}m and -XX:+ExitOnOutOfMemoryError: finishing
# shows the heap does not grow with the file (bound: 4 MiB chunks x 4 in flight + 16 MiB = 32 MiB over what the JVM,
# the in-process fake CDN and the client hold before the download starts).
# Environment: JAVA, MVN_OPTS (e.g. -o), SKIP_BUILD=1, VIDEO_XMX_MIB, VIDEO_BACKENDS (space-separated, default "okhttp webclient jdk").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
THROUGHPUT="${1:-128}"
HEAP="${2:-1024}"
OUT="${3:-}"
XMX="${VIDEO_XMX_MIB:-64}"
cd "$ROOT"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  # -am: the modules under test come from this checkout, never from a stale ~/.m2 snapshot
  ./mvnw -B -q ${MVN_OPTS:-} -pl benchmarks -am package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
fi
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
QUIET="-Dslf4j.internal.verbosity=ERROR"
LOG=/dev/stdout
ERR=/dev/stderr
if [ -n "$OUT" ]; then
  mkdir -p "$OUT"
  LOG="$OUT/video.log"
  ERR="$OUT/video.err"
  : > "$LOG"
  : > "$ERR"
fi
# decode rate and throughput: the raw GET buffers the whole file, hence the large heap
"$JAVA" -Xmx1g $QUIET -cp "$CP" io.github.bilibiliapi.benchmarks.VideoBenchmark "$THROUGHPUT" 0 >> "$LOG" 2>> "$ERR"
for b in ${VIDEO_BACKENDS:-okhttp webclient jdk}; do
  start=$(date +%s)
  if timeout 900 "$JAVA" -Xmx"$XMX"m -XX:+ExitOnOutOfMemoryError $QUIET -Dbench.backends="$b" -cp "$CP" \
      io.github.bilibiliapi.benchmarks.VideoBenchmark 0 "$HEAP" >> "$LOG" 2>> "$ERR"; then
    finished=yes
  else
    finished=no
  fi
  echo "heap-limit $b file=$HEAP MiB xmx=$XMX MiB finished=$finished seconds=$(( $(date +%s) - start ))" >> "$LOG"
done
