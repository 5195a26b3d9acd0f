package dev.ghevents.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.parse.EventLineParser;
import dev.ghevents.testing.Samples;
import dev.ghevents.testing.Warehouses;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit stage alone, with TestPipeline and PAssert: a real sample hour's events landed in a
 * DuckDB warehouse by its landing writer, its WatchEvents left out as {@code --eventTypes} would,
 * and a second hour that was not published yet; the stage waits for the write, commits both hours
 * as one unit and emits what the ledger then holds.
 */
class CommitLoadTest {
  private static final String HOUR = "2021-07-21-6";
  private static final String LATER = "2021-07-21-7";

  @TempDir Path dir;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void prepare() {
    warehouse = new DuckDbWarehouse(dir.resolve("w.duckdb").toString(), Datasets.DEFAULT);
    warehouse.prepare();
  }

  @AfterEach
  void release() {
    warehouse.close();
  }

  @Test
  void commitsEveryLandedRowOnceEveryWriteHasFinishedAndAccountsForSkippedLines() {
    long hourMicros = GhHour.parse(HOUR).start().toEpochMilli() * 1000;
    List<String> lines = Samples.lines(HOUR);
    List<EventRow> rows = new ArrayList<>();
    List<Long> skipped = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      bytes += text.getBytes(StandardCharsets.UTF_8).length + 1;
      EventRow row =
          EventLineParser.parse(
                  new SourceLine(
                      hourMicros, "lake/" + HOUR + ".json.gz", i + 1, text, text.length()))
              .row();
      if (row.type().equals("WatchEvent")) {
        skipped.add(hourMicros);
      } else {
        rows.add(row);
      }
    }
    int landed = rows.size();
    int left = skipped.size();
    List<HourResult> hours =
        List.of(
            new HourResult(
                HOUR,
                hourMicros,
                "src/" + HOUR,
                "lake/" + HOUR,
                HourStatus.LOADED,
                lines.size(),
                bytes,
                null),
            new HourResult(
                LATER,
                GhHour.parse(LATER).start().toEpochMilli() * 1000,
                "src/" + LATER,
                null,
                HourStatus.PENDING,
                0,
                0,
                "404 Not Found"));

    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<Long> write =
        pipeline
            .apply("Rows", Create.of(rows).withCoder(EventRow.Coder.of()))
            .apply("Land", warehouse.landEvents("t"));
    PCollection<Long> skippedHours =
        pipeline.apply("Skipped", Create.of(skipped).withCoder(VarLongCoder.of()));
    PCollection<LoadSummary> committed =
        pipeline
            .apply("Hours", Create.of(hours).withCoder(SerializableCoder.of(HourResult.class)))
            .apply(
                "Commit",
                new CommitLoad(
                    warehouse,
                    "t",
                    0L,
                    "PushEvent",
                    List.of(write),
                    skippedHours,
                    pipeline.apply(
                        "Spans",
                        Create.of(KV.of(hourMicros, KV.of(hourMicros + 10, hourMicros + 20)))
                            .withCoder(
                                KvCoder.of(
                                    VarLongCoder.of(),
                                    KvCoder.of(VarLongCoder.of(), VarLongCoder.of()))))));

    PAssert.thatSingleton(committed)
        .satisfies(
            summary -> {
              assertEquals("t", summary.loadId());
              LedgerEntry hour = summary.hours().get(0);
              assertEquals(HOUR, hour.hour());
              assertEquals(landed, hour.rowsNew(), "every landed row is new");
              assertEquals(left, hour.rowsSkipped(), "the WatchEvents, counted as skipped");
              assertEquals(200, hour.linesRead());
              assertEquals(null, hour.message(), "its events are of its hour: no note");
              LedgerEntry later = summary.hours().get(1);
              assertEquals(LATER, later.hour());
              assertEquals("pending", later.status());
              assertEquals("404 Not Found", later.message());
              return null;
            });
    pipeline.run().waitUntilFinish();

    String path = warehouse.location();
    assertEquals(
        landed,
        Warehouses.stagingCounts(path).values().stream().mapToLong(Long::longValue).sum(),
        "staging holds every landed row, over all the event tables");
    assertEquals(
        "PushEvent",
        Warehouses.rows(
                path,
                "SELECT DISTINCT event_types FROM gharchive_ops.ingest_ledger WHERE load_id = 't'")
            .get(0)
            .get("event_types"));
    assertEquals(0, Warehouses.landingTablesInTheFile(path));
  }
}
