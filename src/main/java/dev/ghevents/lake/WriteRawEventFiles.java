package dev.ghevents.lake;

import dev.ghevents.hours.GhHour;
import dev.ghevents.model.EventRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes every event's original line into the lake, one gzip file per table and source hour (see
 * {@link LakeLayout}), without ever holding an hour in memory: each bundle writes its lines of each
 * partition into a part file of its own under {@code LAKE/tmp/LOAD_ID/}; once every bundle is done,
 * only the part files' names are grouped by partition, and each partition's parts are joined into
 * its one fixed-name file (gzip members may follow one another in a file, so the parts' bytes are
 * copied as they are, not compressed again) and deleted; a partition of one part is renamed. The
 * fixed name means loading an hour again replaces its files instead of adding copies. Emits the
 * path of every file written.
 */
public final class WriteRawEventFiles
    extends PTransform<PCollection<EventRow>, PCollection<String>> {
  private static final long serialVersionUID = 1L;

  private final LakeLayout lake;
  private final String loadId;

  public WriteRawEventFiles(LakeLayout lake, String loadId) {
    this.lake = lake;
    this.loadId = loadId;
  }

  @Override
  public PCollection<String> expand(PCollection<EventRow> events) {
    return events
        .apply("Write part files", ParDo.of(new WritePartsFn(lake, loadId)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("Gather parts per partition", GroupByKey.create())
        .apply("Join parts into hour files", ParDo.of(new JoinPartsFn(lake)))
        .setCoder(StringUtf8Coder.of());
  }

  static String partition(EventRow row) {
    GhHour hour = GhHour.ofStart(Instant.ofEpochSecond(row.sourceHourMicros() / 1_000_000L));
    return LakeLayout.eventPartition(row.table(), hour);
  }

  /** One bundle's part files, one per partition it saw; emits (partition, part path). */
  private static final class WritePartsFn extends DoFn<EventRow, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final LakeLayout lake;
    private final String loadId;
    private transient Map<String, Part> parts;

    WritePartsFn(LakeLayout lake, String loadId) {
      this.lake = lake;
      this.loadId = loadId;
    }

    @StartBundle
    public void startBundle() {
      parts = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element EventRow row) throws IOException {
      String partition = partition(row);
      Part part = parts.get(partition);
      if (part == null) {
        String path = lake.partFile(loadId, partition, UUID.randomUUID().toString());
        part = new Part(path, openGzip(path));
        parts.put(partition, part);
      }
      part.out.write(row.line());
      part.out.write('\n');
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      for (Map.Entry<String, Part> e : parts.entrySet()) {
        e.getValue().out.close();
        context.output(
            KV.of(e.getKey(), e.getValue().path),
            GlobalWindow.INSTANCE.maxTimestamp(),
            GlobalWindow.INSTANCE);
      }
      parts = null;
    }

    @Teardown
    public void teardown() {
      // Only a failed bundle leaves parts open; its files stay under tmp/ and are never joined.
      if (parts != null) {
        for (Part part : parts.values()) {
          try {
            part.out.close();
          } catch (IOException e) {
            // The bundle failed already; the part is abandoned.
          }
        }
      }
    }
  }

  private record Part(String path, OutputStream out) {}

  /** Joins one partition's parts into its hour file through a temporary name, then drops them. */
  private static final class JoinPartsFn extends DoFn<KV<String, Iterable<String>>, String> {
    private static final long serialVersionUID = 1L;
    private final LakeLayout lake;

    JoinPartsFn(LakeLayout lake) {
      this.lake = lake;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> partition, OutputReceiver<String> out)
        throws IOException {
      List<String> parts = new ArrayList<>();
      partition.getValue().forEach(parts::add);
      parts.sort(null);
      String target = lake.eventFile(partition.getKey());
      if (!allExist(parts) && allExist(List.of(target))) {
        // A retried join whose first attempt renamed the file and deleted (some of) the parts.
        out.output(target);
        return;
      }
      if (parts.size() == 1) {
        // A partition one bundle wrote (locally, each hour's tables): its part is the file.
        FileSystems.rename(
            List.of(FileSystems.matchNewResource(parts.get(0), false)),
            List.of(FileSystems.matchNewResource(target, false)));
        out.output(target);
        return;
      }
      ResourceId temp = FileSystems.matchNewResource(target + ".tmp-" + UUID.randomUUID(), false);
      try (OutputStream file =
          Channels.newOutputStream(FileSystems.create(temp, MimeTypes.BINARY))) {
        for (String part : parts) {
          try (InputStream in =
              Channels.newInputStream(
                  FileSystems.open(FileSystems.matchNewResource(part, false)))) {
            in.transferTo(file);
          }
        }
      }
      FileSystems.rename(List.of(temp), List.of(FileSystems.matchNewResource(target, false)));
      List<ResourceId> done = new ArrayList<>();
      parts.forEach(p -> done.add(FileSystems.matchNewResource(p, false)));
      FileSystems.delete(done, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      out.output(target);
    }
  }

  private static boolean allExist(List<String> paths) throws IOException {
    for (MatchResult match : FileSystems.match(paths, EmptyMatchTreatment.ALLOW)) {
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A new lake file at {@code path}, gzip-compressed on every core. */
  private static OutputStream openGzip(String path) throws IOException {
    ResourceId file = FileSystems.matchNewResource(path, false);
    return new ParallelGzipOutputStream(
        Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY)));
  }
}
