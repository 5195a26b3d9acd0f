#!/usr/bin/env bash
# make bench: the floor, the peer (DuckDB) and ours, on a scaled 2024-size hour and on the real
# sample hour, REPS times in alternation, each run in its own JVM under /usr/bin/time for its peak
# RSS; then one table of medians, printed and written to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/ghevents-bundled.jar
OUT=target/bench
EVENTS=${EVENTS:-200000}
SEED=${SEED:-20240101}
REPS=${REPS:-3}
VARIANTS=${VARIANTS:-lines jackson duckdb parse pipeline}
JAVA_OPTS=${JAVA_OPTS:-}
mkdir -p "$OUT/scaled" "$OUT/sample"
SCALED="$OUT/scaled/2024-01-01-15.json.gz"
SAMPLE="$OUT/sample/2015-01-01-12.json.gz"
cp samples/2015-01-01-12.json.gz "$SAMPLE"
if [ ! -f "$SCALED.$EVENTS.$SEED" ]; then
  java -cp "$JAR" dev.ghevents.bench.Bench generate "$SCALED" "$EVENTS" "$SEED" samples/*.json.gz
  touch "$SCALED.$EVENTS.$SEED"
fi
RAW="$OUT/raw.tsv"
: > "$RAW"
for rep in $(seq 1 "$REPS"); do
  for variant in $VARIANTS; do
    for file in "$SCALED" "$SAMPLE"; do
      name=$(basename "$file" .json.gz)
      /usr/bin/time -f "%M" -o "$OUT/rss" java $JAVA_OPTS -cp "$JAR" dev.ghevents.bench.Bench \
        "$variant" "$file" > "$OUT/out" 2> "$OUT/err" || { cat "$OUT/err"; exit 1; }
      read -r _ v events bytes seconds < <(grep '^RESULT' "$OUT/out")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$v" "$rep" "$events" "$bytes" "$seconds" \
        "$(tail -1 "$OUT/rss")" >> "$RAW"
      echo "rep $rep $variant $name: ${seconds}s, peak RSS $(( $(tail -1 "$OUT/rss") / 1024 )) MB" >&2
    done
  done
done
java -cp "$JAR" dev.ghevents.bench.BenchReport "$RAW" bench/RESULTS.md
