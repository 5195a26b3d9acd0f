package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.testing.Warehouses.count;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.testing.Batches;
import dev.ghevents.testing.Warehouses;
import dev.ghevents.warehouse.Datasets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB commit on its own: the MERGE's dedup rules, the ledger invariant, idempotence. */
class DuckDbWarehouseTest {
  private static final String HOUR_6 = "2021-07-21-6";
  private static final String HOUR_7 = "2021-07-21-7";

  @TempDir Path dir;
  private DuckDbWarehouse warehouse;
  private String path;

  @BeforeEach
  void prepare() {
    path = dir.resolve("w.duckdb").toString();
    warehouse = new DuckDbWarehouse(path, Datasets.DEFAULT);
    warehouse.prepare();
  }

  @AfterEach
  void release() {
    warehouse.close();
  }

  /** Lands one push event row for {@code load}, as the pipeline's Appender would. */
  private void land(String load, String id, String createdAt, String hour, long line)
      throws Exception {
    String hourStart = GhHour.parse(hour).start().toString().replace("T", " ").replace("Z", "");
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO gharchive_landing.push_events (id, type, created_at, payload, source_hour,"
              + " source_file, source_line, load_id, loaded_at) VALUES ('"
              + id
              + "', 'PushEvent', TIMESTAMP '"
              + createdAt
              + "', '{}', TIMESTAMP '"
              + hourStart
              + "', 'raw/"
              + hour
              + ".json.gz', "
              + line
              + ", '"
              + load
              + "', now()::TIMESTAMP)");
    }
  }

  private static LoadBatch batch(String load, Map<String, Long> linesPerHour) {
    return Batches.of(load, 0L, linesPerHour);
  }

  @Test
  void preparingTwiceCreatesEveryTableOnce() {
    warehouse.prepare();
    assertEquals(
        19,
        count(
            path, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gharchive_staging'"));
    assertEquals(
        20,
        count(
            path, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gharchive_landing'"));
    assertEquals(
        4, count(path, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gharchive_ops'"));
    assertEquals(1, count(path, "SELECT count(*) FROM gharchive_ops.commit_lock"));
  }

  /**
   * Another connection's commit holds the lock row (its transaction has updated it and copied ids 1
   * and 2 into staging) while this one starts: DuckDB refuses the second update of the row, the
   * commit is rolled back and tried again, and once the other commits it finds those ids present.
   */
  @Test
  void aConcurrentCommitWaitsForTheLockAndFindsTheOthersRows() throws Exception {
    land("y", "1", "2021-07-21 06:10:00", HOUR_6, 1);
    land("y", "2", "2021-07-21 06:20:00", HOUR_6, 2);
    land("y", "3", "2021-07-21 06:30:00", HOUR_6, 3);
    CompletableFuture<LoadSummary> y;
    try (Connection other = warehouse.connect();
        Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.executeUpdate(
          "UPDATE gharchive_ops.commit_lock SET load_id = 'x', locked_at = now()::TIMESTAMP"
              + " WHERE lock_name = 'commit'");
      s.execute(
          "INSERT INTO gharchive_staging.push_events SELECT * REPLACE ('x' AS load_id,"
              + " now()::TIMESTAMP AS loaded_at) FROM gharchive_landing.push_events"
              + " WHERE id IN ('1', '2')");
      y = CompletableFuture.supplyAsync(() -> warehouse.commit(batch("y", Map.of(HOUR_6, 3L))));
      Thread.sleep(2_500);
      assertFalse(y.isDone(), "the commit must wait while another holds the lock");
      other.commit();
    }
    LoadSummary summary = y.get(60, TimeUnit.SECONDS);
    assertEquals(1, summary.hours().get(0).rowsNew());
    assertEquals(2, summary.hours().get(0).rowsAlreadyPresent());
    assertEquals(3, count(path, "SELECT count(DISTINCT id) FROM gharchive_staging.push_events"));
    assertEquals(3, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
    assertEquals("y", loadOf("3"));
    // dbt's watermark after the other commit (its newest loaded_at) is below every row of this
    // one, which is stamped with the lock's time, as its ledger row is.
    assertEquals(
        1,
        count(
            path,
            "SELECT count(*) FROM gharchive_staging.push_events WHERE load_id = 'y' AND loaded_at >"
                + " (SELECT max(loaded_at) FROM gharchive_staging.push_events WHERE load_id ="
                + " 'x')"));
    assertEquals(
        1,
        count(
            path,
            "SELECT count(*) FROM gharchive_ops.commit_lock l JOIN gharchive_ops.ingest_ledger g"
                + " ON g.finished_at = l.locked_at AND g.load_id = l.load_id"
                + " JOIN gharchive_staging.push_events s ON s.loaded_at = l.locked_at"
                + " WHERE l.load_id = 'y' AND l.hour_names = '"
                + HOUR_6
                + "'"));
  }

  @Test
  void mergesNewIdsOnceAndCountsDuplicatesInsideAndAcrossBatches() throws Exception {
    land("a", "1", "2021-07-21 06:10:00", HOUR_6, 1);
    land("a", "2", "2021-07-21 06:20:00", HOUR_6, 2);
    warehouse.commit(batch("a", Map.of(HOUR_6, 2L)));

    // Batch b: id 2 again (already in staging), id 3 twice (hour 6 and crawl-time hour 7), id 4.
    land("b", "2", "2021-07-21 06:20:00", HOUR_6, 1);
    land("b", "3", "2021-07-21 06:59:59", HOUR_6, 2);
    land("b", "3", "2021-07-21 06:59:59", HOUR_7, 1);
    land("b", "4", "2021-07-21 07:00:01", HOUR_7, 2);
    LoadSummary b = warehouse.commit(batch("b", Map.of(HOUR_6, 2L, HOUR_7, 2L)));

    assertEquals(4, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
    assertEquals(4, count(path, "SELECT count(DISTINCT id) FROM gharchive_staging.push_events"));
    // Id 3 counts as new in the earlier hour; the later hour's copy is already present.
    assertEquals(1, b.hours().get(0).rowsNew());
    assertEquals(1, b.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, b.hours().get(1).rowsNew());
    assertEquals(1, b.hours().get(1).rowsAlreadyPresent());
    assertEquals("a", loadOf("2"), "an existing row is never rewritten by a later load");
    assertEquals(
        HOUR_6 + ".json.gz",
        Warehouses.rows(
                path, "SELECT source_file FROM gharchive_staging.push_events WHERE id = '3'")
            .get(0)
            .get("source_file")
            .toString()
            .substring(4));
    assertEquals(0, count(path, "SELECT count(*) FROM gharchive_landing.push_events"));
  }

  private String loadOf(String id) {
    return Warehouses.rows(
            path, "SELECT load_id FROM gharchive_staging.push_events WHERE id = '" + id + "'")
        .get(0)
        .get("load_id")
        .toString();
  }

  @Test
  void aLineLandedTwiceByAnAtLeastOnceWriterCountsOnce() throws Exception {
    land("c", "5", "2021-07-21 06:10:00", HOUR_6, 1);
    land("c", "5", "2021-07-21 06:10:00", HOUR_6, 1);
    LoadSummary c = warehouse.commit(batch("c", Map.of(HOUR_6, 1L)));
    assertEquals(1, c.hours().get(0).rowsNew());
    assertEquals(0, c.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
  }

  @Test
  void committingTheSameLoadAgainChangesNothing() throws Exception {
    land("d", "6", "2021-07-21 06:10:00", HOUR_6, 1);
    LoadSummary first = warehouse.commit(batch("d", Map.of(HOUR_6, 1L)));
    LoadSummary again = warehouse.commit(batch("d", Map.of(HOUR_6, 1L)));
    assertEquals(first, again);
    assertEquals(1, count(path, "SELECT count(*) FROM gharchive_ops.ingest_ledger"));
    assertEquals(1, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
  }

  @Test
  void anHourThatDoesNotAddUpIsRolledBackWhole() throws Exception {
    land("e", "7", "2021-07-21 06:10:00", HOUR_6, 1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> warehouse.commit(batch("e", Map.of(HOUR_6, 2L))));
    assertThat(e.getMessage(), containsString("does not add up"));
    assertThat(e.getMessage(), containsString("2 lines read but 1 new"));
    assertEquals(0, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
    assertEquals(0, count(path, "SELECT count(*) FROM gharchive_ops.ingest_ledger"));
    assertEquals(1, count(path, "SELECT count(*) FROM gharchive_landing.push_events"));
  }

  @Test
  void landingRowsOfAnInterruptedRunAreDroppedAtTheNextStart() throws Exception {
    land("dead", "8", "2021-07-21 06:10:00", HOUR_6, 1);
    warehouse.prepare();
    assertEquals(0, count(path, "SELECT count(*) FROM gharchive_landing.push_events"));
    assertEquals(0, count(path, "SELECT count(*) FROM gharchive_staging.push_events"));
  }
}
