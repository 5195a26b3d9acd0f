package dev.ghevents.parse;

import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.model.SourceLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
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
            ParDo.of(new RouteFn(tags, deadLetters, skipped, selectedTables))
                .withOutputTags(main, TupleTagList.of(additional).and(deadLetters).and(skipped)));
    for (TupleTag<EventRow> tag : tags.values()) {
      out.get(tag).setCoder(EventRow.Coder.of());
    }
    out.get(deadLetters).setCoder(DeadLetter.Coder.of());
    out.get(skipped).setCoder(VarLongCoder.of());
    return new RoutedEvents(lines.getPipeline(), out, tags, selectedTables, deadLetters, skipped);
  }

  private static final class RouteFn extends DoFn<SourceLine, EventRow> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TupleTag<EventRow>> tags;
    private final TupleTag<DeadLetter> deadLetters;
    private final TupleTag<Long> skipped;
    private final Set<String> selectedTables;
    private final Counter parsed = Metrics.counter(ParseAndRoute.class, "events_parsed");
    private final Counter failed = Metrics.counter(ParseAndRoute.class, "lines_dead_lettered");
    private final Counter unknownType = Metrics.counter(ParseAndRoute.class, "events_unknown_type");
    private final Counter filtered = Metrics.counter(ParseAndRoute.class, "events_skipped");

    RouteFn(
        Map<String, TupleTag<EventRow>> tags,
        TupleTag<DeadLetter> deadLetters,
        TupleTag<Long> skipped,
        Set<String> selectedTables) {
      this.tags = tags;
      this.deadLetters = deadLetters;
      this.skipped = skipped;
      this.selectedTables = selectedTables;
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
