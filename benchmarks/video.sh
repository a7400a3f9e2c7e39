#!/usr/bin/env bash
# The video numbers of docs/performance.md ("Video downloads and danmaku"): downloader throughput against one raw GET
# of the same file per backend, heap growth during a large download (-Xmx512m), danmaku segment decode rate.
# Usage: benchmarks/video.sh [throughputMiB=256] [heapMiB=1024]    Environment: JAVA, MVN_OPTS (e.g. -o).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
cd "$ROOT"
./mvnw -B -q ${MVN_OPTS:-} -pl benchmarks -am -DskipTests package
./mvnw -B -q ${MVN_OPTS:-} -pl benchmarks org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
"$JAVA" -Xmx512m -cp "$CP" io.github.bilibiliapi.benchmarks.VideoBenchmark "${1:-256}" "${2:-1024}" 2>/dev/null
