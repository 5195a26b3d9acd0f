package dev.ghevents.lake;

import dev.ghevents.hours.GhHour;
import dev.ghevents.model.EventRow;
import java.time.Instant;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes every event's original line into the lake, one gzip file per table and source hour (see
 * {@link LakeLayout}). One shard per partition with a fixed name, so loading an hour again replaces
 * its files instead of adding copies.
 */
public final class WriteRawEventFiles
    extends PTransform<PCollection<EventRow>, WriteFilesResult<String>> {
  private static final long serialVersionUID = 1L;

  private final LakeLayout lake;

  public WriteRawEventFiles(LakeLayout lake) {
    this.lake = lake;
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<EventRow> events) {
    return events.apply(
        "Write per-type hour files",
        FileIO.<String, EventRow>writeDynamic()
            .by(WriteRawEventFiles::partition)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(Contextful.fn(EventRow::rawLine), new FastGzipLineSink())
            .to(lake.eventsRoot())
            .withNaming(
                partition ->
                    FileIO.Write.defaultNaming(
                        partition + "/" + partition.substring(0, partition.indexOf('/')),
                        ".json.gz"))
            // The sink compresses itself (level 1); FileIO must not add its own layer.
            .withNumShards(1));
  }

  private static String partition(EventRow row) {
    GhHour hour = GhHour.ofStart(Instant.ofEpochSecond(row.sourceHourMicros() / 1_000_000L));
    return LakeLayout.eventPartition(row.table(), hour);
  }
}
