package dev.ghevents.load;

import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.warehouse.Warehouse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's last stage: once every write of the run has finished ({@link Wait#on}), gathers the
 * hours into one batch and has the warehouse merge and record it in one transaction. Emits the
 * committed {@link LoadSummary}.
 */
public final class CommitLoad
    extends PTransform<PCollection<HourResult>, PCollection<LoadSummary>> {
  private static final long serialVersionUID = 1L;

  private final Warehouse warehouse;
  private final String loadId;
  private final long startedAtMicros;
  private final String eventTypes;
  private final transient List<PCollection<?>> writes;
  private final transient PCollection<Long> skippedHours;
  private final transient PCollection<KV<Long, KV<Long, Long>>> createdAtSpans;

  /**
   * @param writes every write of the run; the commit starts only when all have finished
   * @param skippedHours the hour of every line left out by {@code --eventTypes}
   * @param createdAtSpans per source hour, the least and greatest {@code created_at} of its events
   *     (several elements per hour are combined): an hour whose events are not of its hour gets a
   *     note in the ledger
   */
  public CommitLoad(
      Warehouse warehouse,
      String loadId,
      long startedAtMicros,
      String eventTypes,
      List<PCollection<?>> writes,
      PCollection<Long> skippedHours,
      PCollection<KV<Long, KV<Long, Long>>> createdAtSpans) {
    this.warehouse = warehouse;
    this.loadId = loadId;
    this.startedAtMicros = startedAtMicros;
    this.eventTypes = eventTypes;
    this.writes = writes;
    this.skippedHours = skippedHours;
    this.createdAtSpans = createdAtSpans;
  }

  @Override
  public PCollection<LoadSummary> expand(PCollection<HourResult> hours) {
    PCollectionView<Map<Long, Long>> skipped =
        skippedHours.apply("Count skipped lines per hour", Count.perElement()).apply(View.asMap());
    PCollectionView<Map<Long, KV<Long, Long>>> spans =
        createdAtSpans
            .apply("Span of created_at per hour", Combine.perKey(CommitLoad::widest))
            .apply("Spans as a map", View.asMap());
    return hours
        .apply("Wait for every write", Wait.on(writes))
        .apply("Key by load", WithKeys.of(loadId))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(HourResult.class)))
        .apply("Gather the hours", GroupByKey.create())
        .apply(
            "Merge into staging and record",
            ParDo.of(new CommitFn(warehouse, startedAtMicros, eventTypes, skipped, spans))
                .withSideInputs(skipped, spans))
        .setCoder(SerializableCoder.of(LoadSummary.class));
  }

  /** The least start and the greatest end of some spans. */
  private static KV<Long, Long> widest(Iterable<KV<Long, Long>> spans) {
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    for (KV<Long, Long> s : spans) {
      low = Math.min(low, s.getKey());
      high = Math.max(high, s.getValue());
    }
    return KV.of(low, high);
  }

  private static final long HOUR_MICROS = 3_600_000_000L;

  /**
   * A note for an hour whose events lie outside it (more than the hour before it, which crawl-time
   * bucketing allows, or after its end), e.g. GH Archive's 2011 files; null if they do not.
   */
  static String spanNote(HourResult hour, KV<Long, Long> span) {
    if (span == null) {
      return null;
    }
    long start = hour.hourStartMicros();
    if (span.getKey() >= start - HOUR_MICROS && span.getValue() < start + HOUR_MICROS) {
      return null;
    }
    return "its events' created_at span "
        + Instant.EPOCH.plus(span.getKey(), ChronoUnit.MICROS)
        + " .. "
        + Instant.EPOCH.plus(span.getValue(), ChronoUnit.MICROS)
        + ", outside the hour (the file's events are not all of the hour it is named for)";
  }

  private static final class CommitFn extends DoFn<KV<String, Iterable<HourResult>>, LoadSummary> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommitLoad.class);
    private final Warehouse warehouse;
    private final long startedAtMicros;
    private final String eventTypes;
    private final PCollectionView<Map<Long, Long>> skipped;
    private final PCollectionView<Map<Long, KV<Long, Long>>> spans;

    CommitFn(
        Warehouse warehouse,
        long startedAtMicros,
        String eventTypes,
        PCollectionView<Map<Long, Long>> skipped,
        PCollectionView<Map<Long, KV<Long, Long>>> spans) {
      this.warehouse = warehouse;
      this.startedAtMicros = startedAtMicros;
      this.eventTypes = eventTypes;
      this.skipped = skipped;
      this.spans = spans;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      List<HourResult> hours = new ArrayList<>();
      Map<Long, KV<Long, Long>> span = c.sideInput(spans);
      for (HourResult h : c.element().getValue()) {
        String note = spanNote(h, span.get(h.hourStartMicros()));
        hours.add(note == null ? h : h.withNote(note));
      }
      hours.sort(Comparator.comparingLong(HourResult::hourStartMicros));
      LoadBatch batch =
          new LoadBatch(
              c.element().getKey(),
              startedAtMicros,
              eventTypes,
              List.copyOf(hours),
              Map.copyOf(c.sideInput(skipped)));
      long started = System.nanoTime();
      LoadSummary summary = warehouse.commit(batch);
      LOG.info(
          "Merged {} hour(s) into staging and recorded the ledger in {} s",
          hours.size(),
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      List<String> batchHours = batch.hourNames();
      for (LedgerEntry e : summary.hours()) {
        if (!batchHours.contains(e.hour())) {
          continue; // committed by an earlier unit of the same load
        }
        LOG.info(
            "{}: {}: {} lines, {} new, {} already present, {} dead letters{}",
            e.hour(),
            e.status(),
            e.linesRead(),
            e.rowsNew(),
            e.rowsAlreadyPresent(),
            e.deadLetters(),
            e.rowsSkipped() > 0 ? ", " + e.rowsSkipped() + " skipped" : "");
      }
      c.output(summary);
    }
  }
}
