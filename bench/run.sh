#!/usr/bin/env bash
# make bench: the floor, the peer (DuckDB) and ours, on a scaled 2024-size hour and on the real
# sample hour, REPS times in alternation, each run in its own JVM under /usr/bin/time for its peak
# RSS; then the whole pipeline over 1 and over 6 generated hours of RANGE_EVENTS events each, so
# flat memory and linear time show; then one table of medians, printed and written to
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/ghevents-bundled.jar
# The benchmark is test code (src/test): the production jar and the test classes.
CP="$JAR:target/test-classes"
OUT=target/bench
EVENTS=${EVENTS:-200000}
SEED=${SEED:-20240101}
REPS=${REPS:-3}
VARIANTS=${VARIANTS:-lines jackson duckdb parse pipeline}
JAVA_OPTS=${JAVA_OPTS:-}
# The pipeline's variants run with make run's JVM settings (Makefile: JAVA_OPTS and the class
# archive, CDS_OPTS; the archive was recorded with the jar alone, which this classpath begins with).
PIPELINE_JAVA_OPTS=${PIPELINE_JAVA_OPTS:--Xmx1g}
RANGE_EVENTS=${RANGE_EVENTS:-100000}
# 2024-size hours are resampled from the events-API sample hours (2015 on), not the timeline era's.
API_SAMPLES=$(ls samples/20*.json.gz | awk -F/ '$2 >= "2015"')
RANGES=${RANGES:-1 6}
mkdir -p "$OUT/scaled" "$OUT/sample"
SCALED="$OUT/scaled/2024-01-01-15.json.gz"
SAMPLE="$OUT/sample/2015-01-01-12.json.gz"
cp samples/2015-01-01-12.json.gz "$SAMPLE"
if [ ! -f "$SCALED.$EVENTS.$SEED" ]; then
  java -cp "$CP" dev.ghevents.bench.Bench generate "$SCALED" "$EVENTS" "$SEED" $API_SAMPLES
  touch "$SCALED.$EVENTS.$SEED"
fi
RANGE_DIR="$OUT/range-$RANGE_EVENTS"
mkdir -p "$RANGE_DIR"
for h in 0 1 2 3 4 5; do
  if [ ! -f "$RANGE_DIR/2024-03-01-$h.json.gz" ]; then
    java -cp "$CP" dev.ghevents.bench.Bench generate "$RANGE_DIR/2024-03-01-$h.json.gz" \
      "$RANGE_EVENTS" "$((SEED + h))" $API_SAMPLES
  fi
done
RAW="$OUT/raw.tsv"
: > "$RAW"
# One measured run: NAME REP VARIANT ARGS...
measure() {
  local name=$1 rep=$2 variant=$3
  shift 3
  local opts=$JAVA_OPTS
  case "$variant" in pipeline|hours) opts=$PIPELINE_JAVA_OPTS ;; esac
  /usr/bin/time -f "%M" -o "$OUT/rss" java $opts -cp "$CP" dev.ghevents.bench.Bench \
    "$variant" "$@" > "$OUT/out" 2> "$OUT/err" || { cat "$OUT/err"; exit 1; }
  read -r _ v events bytes seconds < <(grep '^RESULT' "$OUT/out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$v" "$rep" "$events" "$bytes" "$seconds" \
    "$(tail -1 "$OUT/rss")" >> "$RAW"
  echo "rep $rep $variant $name: ${seconds}s, peak RSS $(( $(tail -1 "$OUT/rss") / 1024 )) MB" >&2
}
for rep in $(seq 1 "$REPS"); do
  for variant in $VARIANTS; do
    for file in "$SCALED" "$SAMPLE"; do
      measure "$(basename "$file" .json.gz)" "$rep" "$variant" "$file"
    done
  done
  for n in $RANGES; do
    measure "range of $n hour(s) x $RANGE_EVENTS events" "$rep" hours "$RANGE_DIR" 2024-03-01-0 "$n"
  done
done
java -cp "$CP" dev.ghevents.bench.BenchReport "$RAW" bench/RESULTS.md
