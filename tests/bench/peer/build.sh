#!/usr/bin/env bash
# Builds the Kafka Streams peer of the aggregator benchmark: compiles it with Maven (artifacts
# from Maven Central, cached in ~/.m2) and copies its runtime classpath to target/lib.
# Prints the java class path to run it with, on the last line as PEER_CLASSPATH=….
# Skips the Maven run when the classes are newer than every source file and the pom.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
stamp=target/.built
if [[ ! -f $stamp ]] || [[ -n $(find pom.xml src -newer "$stamp" -print -quit) ]]; then
  mvn -q -B compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib >&2
  touch "$stamp"
fi
echo "PEER_CLASSPATH=$here/target/classes:$here/target/lib/*"
