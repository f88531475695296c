#!/usr/bin/env bash
# JMH microbenchmarks of the speed-specific code against its plain alternative, each pair's gain printed last.
usage="usage: deploy/bench/micro.sh [JMH regexp (default: all *Benchmark classes)] [JMH options...]"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; esac

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/celestial-micro.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$root"
# the benchmarks live in the service's test sources (same packages as the code they measure); JMH's annotation
# processor generates their harness when the tests compile; the service's classpath is written last
./mvnw -B -q test-compile org.apache.maven.plugins:maven-dependency-plugin:build-classpath -pl service -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
cp=$root/service/target/test-classes:$root/service/target/classes:$(cat "$work/cp.txt")

java -cp "$cp" org.openjdk.jmh.Main "${@:-.*Benchmark}" -rf csv -rff "$work/results.csv"

# pairs: the service's way against the alternative; gain > 1 means the service's way is faster
awk -F, 'NR > 1 { gsub(/"/, ""); n = split($1, p, "."); score[p[n]] = $5; err[p[n]] = $6 }
  function pair(ours, plain) {
    if ((ours in score) && (plain in score))
      printf "micro: %s=%.3f±%.3f %s=%.3f±%.3f gain=%.2f\n", ours, score[ours], err[ours], plain, score[plain], err[plain], score[plain] / score[ours]
  }
  END {
    pair("copyRowsColumn", "copyRowsCharLoop"); pair("arrayLiteralsColumn", "arrayLiteralsCharLoop")
    pair("instantCodecDecode", "driverDecode")
    pair("quakeJson", "databindRecords"); pair("quakeJson", "generatorFields")
    pair("jsonStreamPage", "recycledPage"); pair("wheelTimerRead", "parallelTimerRead")
  }' "$work/results.csv"
