package dev.ghevents.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.hours.GhHour;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.parse.EventLineParser;
import dev.ghevents.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's per-type hour files, written as one part per bundle and joined: spread over many
 * bundles, every line of a type and hour is in its one file exactly once, the file reads as one
 * gzip stream, and no part is left behind.
 */
class WriteRawEventFilesTest {
  private final TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);

  private static List<String> gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new ArrayList<>(
          Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    }
  }

  @Test
  void partsFromManyBundlesJoinIntoOneFilePerTypeAndHour(@TempDir Path dir) throws Exception {
    String hour = "2021-07-21-7";
    long hourMicros = GhHour.parse(hour).start().toEpochMilli() * 1000;
    List<String> lines = Samples.lines(hour);
    List<EventRow> rows = new ArrayList<>();
    List<String> pushes = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      EventRow row =
          EventLineParser.parse(
                  new SourceLine(hourMicros, "f", i + 1, lines.get(i), lines.get(i).length()))
              .row();
      rows.add(row);
      if (row.table().equals("push_events")) {
        pushes.add(lines.get(i));
      }
    }
    LakeLayout lake = new LakeLayout(dir.toString());
    PCollection<String> written =
        pipeline
            .apply(Create.of(rows).withCoder(EventRow.Coder.of()))
            // Eight bundles, so each partition is joined from several parts.
            .apply(Reshuffle.<EventRow>viaRandomKey().withNumBuckets(8))
            .apply(new WriteRawEventFiles(lake, "load_1"));
    String pushFile = lake.eventFile(LakeLayout.eventPartition("push_events", GhHour.parse(hour)));
    PAssert.that(written)
        .satisfies(
            files -> {
              assertTrue(asList(files).contains(pushFile));
              return null;
            });
    pipeline.run().waitUntilFinish();

    List<String> inLake = gunzip(Path.of(pushFile));
    assertEquals(pushes.size(), inLake.size());
    pushes.sort(null);
    inLake.sort(null);
    assertEquals(pushes, inLake);
    long tableFiles;
    try (Stream<Path> files = Files.walk(dir.resolve("events"))) {
      tableFiles = files.filter(Files::isRegularFile).count();
    }
    assertEquals(rows.stream().map(EventRow::table).distinct().count(), tableFiles);
    try (Stream<Path> left = Files.walk(dir.resolve("tmp"))) {
      assertEquals(0, left.filter(Files::isRegularFile).count(), "no part file left");
    }
    lake.removeEmptyPartFolders("load_1");
    assertTrue(Files.notExists(dir.resolve("tmp/load_1")));
  }

  private static List<String> asList(Iterable<String> files) {
    List<String> list = new ArrayList<>();
    files.forEach(list::add);
    return list;
  }
}
