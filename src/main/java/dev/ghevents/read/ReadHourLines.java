package dev.ghevents.read;

import dev.ghevents.fetch.FetchResult;
import dev.ghevents.hours.GhHour;
import dev.ghevents.load.HourResult;
import dev.ghevents.load.HourStatus;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.SourceLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
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
 * Reads each hour's lake copy line by line, decompressing by extension through Beam's FileSystems
 * and {@link Compression} (the machinery TextIO uses). TextIO itself is not used because it gives
 * neither line numbers (the dead-letter table needs them) nor the lines before a truncated gzip's
 * damage: it fails the whole pipeline there, where this stage keeps the readable prefix and marks
 * the hour corrupt. A gzip cannot be split, so one worker reads one hour; the caller reshuffles the
 * lines.
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
      HourStatus status = HourStatus.LOADED;
      String message = null;
      long lines = 0;
      LineReader reader = null;
      try (InputStream in =
          Channels.newInputStream(
              Compression.detect(path)
                  .readDecompressed(FileSystems.open(FileSystems.matchNewResource(path, false))))) {
        reader = new LineReader(in, maxLineBytes);
        LineReader.Line line;
        while ((line = reader.next()) != null) {
          emit(out, hourMicros, path, line);
        }
        lines = reader.linesRead();
      } catch (IOException | RuntimeException e) {
        status = HourStatus.CORRUPT;
        lines = reader == null ? 0 : reader.linesRead();
        LineReader.Line partial = reader == null ? null : reader.incompleteLine();
        if (partial != null) {
          lines++;
          out.get(DEAD_LETTERS)
              .output(
                  DeadLetter.of(
                      new SourceLine(
                          hourMicros, path, partial.number(), partial.text(), partial.byteLength()),
                      DeadLetter.STAGE_READ,
                      "incomplete last line: the file is damaged after this point"));
        }
        message = "damaged file, read " + lines + " lines before: " + e.getMessage();
        corrupt.inc();
        LOG.warn("{}: {} ({})", hour, message, path);
      }
      linesRead.inc(lines);
      LOG.info("{}: read {} lines from {}", hour, lines, path);
      out.get(HOURS)
          .output(
              new HourResult(
                  hour.name(),
                  hourMicros,
                  fetched.sourceUri(),
                  path,
                  status,
                  lines,
                  fetched.bytes(),
                  message));
    }

    private void emit(MultiOutputReceiver out, long hourMicros, String path, LineReader.Line line) {
      SourceLine source =
          new SourceLine(hourMicros, path, line.number(), line.text(), line.byteLength());
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
