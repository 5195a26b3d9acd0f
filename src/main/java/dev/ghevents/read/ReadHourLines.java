package dev.ghevents.read;

import dev.ghevents.fetch.FetchResult;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.SourceLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each hour's lake copy line by line ({@link HourCursor}). TextIO itself is not used because
 * it gives neither line numbers (the dead-letter table needs them) nor the lines before a truncated
 * gzip's damage: it fails the whole pipeline there, where this stage keeps the readable prefix and
 * marks the hour corrupt.
 *
 * <p>A gzip cannot be split, so one worker reads one hour. (A splittable read that Beam's
 * DirectRunner checkpoints every 10,000 lines was tried: it bounds the bundles, but the runner's
 * bookkeeping of the checkpoints made an hour four times slower, so a local unit holds its hour's
 * lines once, and nothing else holds them: see README, "Memory".)
 *
 * <p>Outputs: {@link #LINES}, one {@link HourResult} per hour on {@link #HOURS} (also for hours
 * with no lake copy), and {@link #DEAD_LETTERS} for lines the reader cannot pass on whole.
 */
public final class ReadHourLines extends PTransform<PCollection<FetchResult>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<SourceLine> LINES = new TupleTag<>("lines");
  public static final TupleTag<HourResult> HOURS = new TupleTag<>("hours");
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("read_dead_letters");

  /** Longer lines are dead letters: GitHub events are KBs; a line this long is damage. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

  private final int maxLineBytes;

  public ReadHourLines(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public PCollectionTuple expand(PCollection<FetchResult> fetched) {
    PCollectionTuple out =
        fetched.apply(
            "Read lines",
            ParDo.of(new ReadFn(maxLineBytes))
                .withOutputTags(LINES, TupleTagList.of(HOURS).and(DEAD_LETTERS)));
    out.get(LINES).setCoder(SourceLine.Coder.of());
    out.get(HOURS).setCoder(SerializableCoder.of(HourResult.class));
    out.get(DEAD_LETTERS).setCoder(DeadLetter.Coder.of());
    return out;
  }

  private static final class ReadFn extends DoFn<FetchResult, SourceLine> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReadHourLines.class);
    private final int maxLineBytes;
    private final Counter linesRead = Metrics.counter(ReadHourLines.class, "lines_read");
    private final Counter corrupt = Metrics.counter(ReadHourLines.class, "hours_corrupt");

    ReadFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FetchResult fetched, MultiOutputReceiver out) {
      GhHour hour = GhHour.parse(fetched.hour());
      long hourMicros = hour.start().toEpochMilli() * 1000;
      if (!fetched.hasLakeCopy()) {
        HourStatus status =
            fetched.outcome() == FetchResult.Outcome.NOT_FOUND
                ? HourStatus.PENDING
                : HourStatus.FAILED;
        out.get(HOURS)
            .output(
                new HourResult(
                    hour.name(),
                    hourMicros,
                    fetched.sourceUri(),
                    null,
                    status,
                    0,
                    0,
                    fetched.message()));
        return;
      }
      String path = fetched.lakePath();
      try (HourCursor cursor = HourCursor.open(path, maxLineBytes)) {
        while (true) {
          HourCursor.Item item = cursor.next();
          switch (item.kind()) {
            case LINE -> emit(out, hourMicros, path, item.line());
            case INCOMPLETE ->
                out.get(DEAD_LETTERS)
                    .output(
                        DeadLetter.of(
                            source(hourMicros, path, item.line()),
                            DeadLetter.STAGE_READ,
                            "incomplete last line: the file is damaged after this point"));
            case END -> {
              out.get(HOURS).output(finish(fetched, hour, hourMicros, path, item));
              return;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(hour + ": cannot open the lake copy " + path, e);
      }
    }

    private HourResult finish(
        FetchResult fetched, GhHour hour, long hourMicros, String path, HourCursor.Item end) {
      long lines = end.position();
      HourStatus status = HourStatus.LOADED;
      String message = null;
      if (end.damage() != null) {
        status = HourStatus.CORRUPT;
        message = "damaged file, read " + lines + " lines before: " + end.damage();
        corrupt.inc();
        LOG.warn("{}: {} ({})", hour, message, path);
      }
      linesRead.inc(lines);
      LOG.info("{}: read {} lines from {}", hour, lines, path);
      return new HourResult(
          hour.name(),
          hourMicros,
          fetched.sourceUri(),
          path,
          status,
          lines,
          fetched.bytes(),
          message);
    }

    private static SourceLine source(long hourMicros, String path, LineReader.Line line) {
      return new SourceLine(hourMicros, path, line.number(), line.bytes(), line.byteLength());
    }

    private void emit(MultiOutputReceiver out, long hourMicros, String path, LineReader.Line line) {
      SourceLine source = source(hourMicros, path, line);
      if (line.oversized()) {
        out.get(DEAD_LETTERS)
            .output(
                DeadLetter.of(
                    source,
                    DeadLetter.STAGE_READ,
                    "line of "
                        + line.byteLength()
                        + " bytes is over the limit of "
                        + maxLineBytes
                        + " bytes"));
      } else {
        out.get(LINES).output(source);
      }
    }
  }
}
