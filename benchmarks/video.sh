#!/usr/bin/env bash
# The video numbers of docs/performance.md ("Video downloads and danmaku"): downloader throughput against one raw GET
# of the same file per backend, heap growth during a large download (-Xmx512m), danmaku segment decode rate.
# Usage: benchmarks/video.sh [throughputMiB=256] [heapMiB=1024]    Environment: JAVA, MVN_OPTS (e.g. -o).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
cd "$ROOT"
# -am: the modules under test come from this checkout, never from a stale ~/.m2 snapshot
./mvnw -B -q ${MVN_OPTS:-} -pl benchmarks -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
# throughput: the raw GET buffers the whole file, hence the large heap
"$JAVA" -Xmx1g -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.github.bilibiliapi.benchmarks.VideoBenchmark "${1:-256}" 0
# heap: a 1 GiB download with 4 MiB x 4 chunks must finish in a 64 MiB heap
"$JAVA" -Xmx64m -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.github.bilibiliapi.benchmarks.VideoBenchmark 0 "${2:-1024}"
