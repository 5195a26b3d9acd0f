package dev.ghevents.parse;

import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.model.SourceLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses every line and routes it, in one multi-output DoFn: one output per event table (a TupleTag
 * per known type, plus {@code other_events} for types not known yet), one for dead letters, and one
 * for lines of types the run was told not to load ({@code --eventTypes}), counted per hour so the
 * ledger still accounts for them.
 */
public final class ParseAndRoute extends PTransform<PCollection<SourceLine>, RoutedEvents> {
  private static final long serialVersionUID = 1L;

  private final Set<String> selectedTables;
  private final Integer lineBuckets;

  /**
   * @param selectedTables the event tables to load; lines of other tables are counted as skipped
   * @param lineBuckets how the lines are spread over the workers first: null for a key per line (a
   *     gzip is read by one thread; on Dataflow parsing should use every worker), 0 for not at all
   *     (a local runner's reshuffle holds the whole hour in memory), N for N keys
   */
  public ParseAndRoute(Set<String> selectedTables, Integer lineBuckets) {
    this.selectedTables = Set.copyOf(selectedTables);
    this.lineBuckets = lineBuckets;
  }

  /** Parses where the lines are, without spreading them. */
  public ParseAndRoute(Set<String> selectedTables) {
    this(selectedTables, 0);
  }

  @Override
  public RoutedEvents expand(PCollection<SourceLine> read) {
    PCollection<SourceLine> lines = read;
    if (lineBuckets == null) {
      lines = read.apply("Spread lines", Reshuffle.viaRandomKey());
    } else if (lineBuckets > 0) {
      lines =
          read.apply(
              "Spread lines", Reshuffle.<SourceLine>viaRandomKey().withNumBuckets(lineBuckets));
    }
    Map<String, TupleTag<EventRow>> tags = new LinkedHashMap<>();
    for (String table : EventTypes.allTables()) {
      tags.put(table, new TupleTag<>(table));
    }
    TupleTag<DeadLetter> deadLetters = new TupleTag<>("dead_letters");
    TupleTag<Long> skipped = new TupleTag<>("skipped_hours");
    TupleTag<KV<Long, KV<Long, Long>>> spans = new TupleTag<>("created_at_spans");
    TupleTag<EventRow> main = tags.get(EventTypes.OTHER_TABLE);
    List<TupleTag<?>> additional = new ArrayList<>();
    for (TupleTag<EventRow> tag : tags.values()) {
      if (tag != main) {
        additional.add(tag);
      }
    }

    PCollectionTuple out =
        lines.apply(
            "Parse and route lines",
            ParDo.of(new RouteFn(tags, deadLetters, skipped, spans, selectedTables))
                .withOutputTags(
                    main, TupleTagList.of(additional).and(deadLetters).and(skipped).and(spans)));
    for (TupleTag<EventRow> tag : tags.values()) {
      out.get(tag).setCoder(EventRow.Coder.of());
    }
    out.get(deadLetters).setCoder(DeadLetter.Coder.of());
    out.get(skipped).setCoder(VarLongCoder.of());
    out.get(spans)
        .setCoder(KvCoder.of(VarLongCoder.of(), KvCoder.of(VarLongCoder.of(), VarLongCoder.of())));
    return new RoutedEvents(
        lines.getPipeline(), out, tags, selectedTables, deadLetters, skipped, spans);
  }

  private static final class RouteFn extends DoFn<SourceLine, EventRow> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TupleTag<EventRow>> tags;
    private final TupleTag<DeadLetter> deadLetters;
    private final TupleTag<Long> skipped;
    private final TupleTag<KV<Long, KV<Long, Long>>> spans;
    private final Set<String> selectedTables;
    // Per source hour, the least and greatest created_at of the bundle's events: one output per
    // hour and bundle, so the commit can note a file whose events are not of its hour.
    private transient Map<Long, long[]> bundleSpans;
    private final Counter parsed = Metrics.counter(ParseAndRoute.class, "events_parsed");
    private final Counter failed = Metrics.counter(ParseAndRoute.class, "lines_dead_lettered");
    private final Counter unknownType = Metrics.counter(ParseAndRoute.class, "events_unknown_type");
    private final Counter filtered = Metrics.counter(ParseAndRoute.class, "events_skipped");

    RouteFn(
        Map<String, TupleTag<EventRow>> tags,
        TupleTag<DeadLetter> deadLetters,
        TupleTag<Long> skipped,
        TupleTag<KV<Long, KV<Long, Long>>> spans,
        Set<String> selectedTables) {
      this.tags = tags;
      this.deadLetters = deadLetters;
      this.skipped = skipped;
      this.spans = spans;
      this.selectedTables = selectedTables;
    }

    @StartBundle
    public void startBundle() {
      bundleSpans = new HashMap<>();
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      for (Map.Entry<Long, long[]> e : bundleSpans.entrySet()) {
        c.output(
            spans,
            KV.of(e.getKey(), KV.of(e.getValue()[0], e.getValue()[1])),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
    }

    @ProcessElement
    public void process(@Element SourceLine line, MultiOutputReceiver out) {
      EventLineParser.Result result = EventLineParser.parse(line);
      if (!result.ok()) {
        failed.inc();
        out.get(deadLetters).output(DeadLetter.of(line, DeadLetter.STAGE_PARSE, result.error()));
        return;
      }
      EventRow row = result.row();
      long[] span =
          bundleSpans.computeIfAbsent(
              row.sourceHourMicros(), h -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      span[0] = Math.min(span[0], row.createdAtMicros());
      span[1] = Math.max(span[1], row.createdAtMicros());
      String table = row.table();
      if (!selectedTables.contains(table)) {
        filtered.inc();
        out.get(skipped).output(row.sourceHourMicros());
        return;
      }
      if (table.equals(EventTypes.OTHER_TABLE)) {
        unknownType.inc();
      }
      parsed.inc();
      out.get(tags.get(table)).output(row);
    }
  }
}
