package dev.ghevents.warehouse.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.WarehouseContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse contract on DuckDB, and what only DuckDB has: a commit that waits for another
 * connection's lock, the load's in-memory landing dropped by its commit and kept by a failed one,
 * and landing tables of an earlier version dropped from the file.
 */
class DuckDbWarehouseTest extends WarehouseContractTest {
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

  @Override
  protected Warehouse warehouse() {
    return warehouse;
  }

  /** Lands as the pipeline does: handed over to the load's writer, appended by its commit. */
  @Override
  protected void landRow(String load, EventRow row) {
    DuckDbLandingWriter.of(warehouse, load)
        .append(List.of(row), EventRow::table, DuckDbLanding::appendEvent, now());
  }

  @Override
  protected void landDeadLetter(String load, DeadLetter d) {
    DuckDbLandingWriter.of(warehouse, load)
        .append(List.of(d), x -> Tables.DEAD_LETTER, DuckDbLanding::appendDeadLetter, now());
  }

  private static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC);
  }

  @Override
  protected String table(String dataset, String table) {
    return DuckDb.qualified(dataset, table);
  }

  @Override
  protected Object first(String sql) {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getObject(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  protected long tableCount(String dataset) {
    return scalar("SELECT count(*) FROM duckdb_tables() WHERE schema_name = '" + dataset + "'");
  }

  @Override
  protected String payload(String id) {
    return text("SELECT payload::VARCHAR FROM " + staging() + " WHERE id = '" + id + "'");
  }

  @Override
  protected long landingTableCount(String load) {
    // Created twice, as by two bundles of one load: each table once.
    try (Connection first = warehouse.landingConnection(load);
        Connection second = warehouse.landingConnection(load)) {
      return memoryTables(load);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tables of {@code load}'s landing in memory: none before it lands or after its commit. */
  private long memoryTables(String load) {
    return scalar(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = '"
            + DuckDb.MEMORY
            + "' AND schema_name = '"
            + DuckDbMemoryLanding.schema(Datasets.DEFAULT, load)
            + "'");
  }

  @Override
  protected boolean rollsBack() {
    return true;
  }

  private long landingCount(String load) {
    return scalar(
        "SELECT count(*) FROM " + DuckDbMemoryLanding.table(Datasets.DEFAULT, load, "push_events"));
  }

  /**
   * Another connection's commit holds the lock row (its transaction has updated it and copied ids 1
   * and 2 into staging) while this one starts: DuckDB refuses the second update of the row, the
   * commit is rolled back and tried again, and once the other commits it finds those ids present.
   */
  @Test
  void aConcurrentCommitWaitsForTheLockAndFindsTheOthersRows() throws Exception {
    land("y", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("y", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    land("y", "3", "2021-07-21T06:30:00Z", HOUR_6, 3);
    // In landing now, as the pipeline's commit makes them before anything else.
    DuckDbLandingWriter.finish(warehouse, "y");
    CompletableFuture<LoadSummary> y;
    try (Connection other = warehouse.connect();
        Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.executeUpdate(
          "UPDATE gharchive_ops.commit_lock SET load_id = 'x', locked_at = now()::TIMESTAMP"
              + " WHERE lock_name = 'commit'");
      s.execute(
          "INSERT INTO gharchive_staging.push_events SELECT * REPLACE ('x' AS load_id,"
              + " now()::TIMESTAMP AS loaded_at) FROM "
              + DuckDbMemoryLanding.table(Datasets.DEFAULT, "y", "push_events")
              + " WHERE id IN ('1', '2')");
      y = CompletableFuture.supplyAsync(() -> warehouse.commit(batch("y", Map.of(HOUR_6, 3L))));
      Thread.sleep(2_500);
      assertFalse(y.isDone(), "the commit must wait while another holds the lock");
      other.commit();
    }
    LoadSummary summary = y.get(60, TimeUnit.SECONDS);
    assertEquals(1, summary.hours().get(0).rowsNew());
    assertEquals(2, summary.hours().get(0).rowsAlreadyPresent());
    assertEquals(3, scalar("SELECT count(DISTINCT id) FROM " + staging()));
    assertEquals(3, stagingCount("1=1"));
    assertEquals("y", text("SELECT load_id FROM " + staging() + " WHERE id = '3'"));
    // dbt's watermark after the other commit (its newest loaded_at) is below every row of this
    // one, which is stamped with the lock's time, as its ledger row is.
    assertEquals(
        1,
        stagingCount(
            "load_id = 'y' AND loaded_at > (SELECT max(loaded_at) FROM "
                + staging()
                + " WHERE load_id = 'x')"));
    assertEquals(
        1,
        scalar(
            "SELECT count(*) FROM gharchive_ops.commit_lock l JOIN gharchive_ops.ingest_ledger g"
                + " ON g.finished_at = l.locked_at AND g.load_id = l.load_id"
                + " JOIN gharchive_staging.push_events s ON s.loaded_at = l.locked_at"
                + " WHERE l.load_id = 'y' AND l.hour_names = '"
                + HOUR_6
                + "'"));
  }

  /** The compression of {@code column}'s data in staging's push events, once on disk. */
  private String compressionOf(String column) {
    return text(
        "SELECT string_agg(DISTINCT compression, ',') FROM pragma_storage_info('"
            + Datasets.DEFAULT.staging()
            + ".push_events') WHERE column_name = '"
            + column
            + "' AND segment_type <> 'VALIDITY'");
  }

  @Test
  void payloadsAreStoredWithZstdAndShortStringsWithDuckDbsOwnChoice() throws SQLException {
    land("a", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    warehouse.commit(batch("a", Map.of(HOUR_6, 1L)));
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
    assertEquals("ZSTD", compressionOf("payload"));
    assertEquals("ZSTD", compressionOf("other"));
    assertFalse(compressionOf("repo_name").contains("ZSTD"), compressionOf("repo_name"));
  }

  @Test
  void theCommitDropsTheLoadsLandingAndAFailedOneKeepsIt() {
    land("a", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("b", "2", "2021-07-21T06:10:00Z", HOUR_6, 1);
    DuckDbLandingWriter.finish(warehouse, "a");
    DuckDbLandingWriter.finish(warehouse, "b");
    assertEquals(20, memoryTables("a"));
    assertEquals(1, landingCount("a"));
    warehouse.commit(batch("a", Map.of(HOUR_6, 1L)));
    assertEquals(0, memoryTables("a"));
    assertEquals(1, landingCount("b"), "another load's landing is its own");
    assertThrows(
        IllegalStateException.class, () -> warehouse.commit(batch("b", Map.of(HOUR_6, 5L))));
    assertEquals(1, landingCount("b"), "rolled back whole: landing kept for the next attempt");
    warehouse.commit(batch("b", Map.of(HOUR_6, 1L)));
    assertEquals(0, memoryTables("b"));
    assertEquals(2, stagingCount("1=1"));
  }

  @Test
  void landingTablesOfAnEarlierVersionAreDroppedFromTheFileWithTheirUnmergedRows()
      throws Exception {
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA gharchive_landing");
      s.execute("CREATE TABLE gharchive_landing.push_events AS SELECT * FROM " + staging());
      s.execute("INSERT INTO gharchive_landing.push_events (id) VALUES ('8')");
      s.execute("CREATE TABLE gharchive_landing.dead_letter (x INTEGER)");
    }
    warehouse.prepare();
    assertEquals(0, tableCount("gharchive_landing"));
    assertEquals(
        0, scalar("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'gharchive_landing'"));
    assertEquals(0, stagingCount("1=1"));
    // A table of someone else's in that schema keeps it, and itself.
    try (Connection c = warehouse.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA gharchive_landing");
      s.execute("CREATE TABLE gharchive_landing.push_events (x INTEGER)");
      s.execute("CREATE TABLE gharchive_landing.mine (x INTEGER)");
    }
    warehouse.prepare();
    assertEquals(1, tableCount("gharchive_landing"));
    assertEquals(
        "mine",
        text("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gharchive_landing'"));
  }

  /**
   * A row the writer cannot append (here, a row writer that throws on the second row) fails the
   * commit with the load's name, records nothing, and fails any later commit of the load too: its
   * landing is not whole.
   */
  @Test
  void aFailedAppendFailsTheCommitAndEveryLaterOneOfTheLoad() {
    land("c", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    EventRow second = pushRow("2", "2021-07-21T06:10:00Z", HOUR_6, 2);
    DuckDbLandingWriter.of(warehouse, "c")
        .append(
            List.of(second),
            EventRow::table,
            (a, row, load, at) -> {
              throw new SQLException("the disk is full");
            },
            now());
    IllegalStateException failed =
        assertThrows(
            IllegalStateException.class, () -> warehouse.commit(batch("c", Map.of(HOUR_6, 2L))));
    assertTrue(
        failed.getMessage().startsWith("appending the landing rows of load c in "),
        failed.getMessage());
    assertTrue(failed.getMessage().endsWith("the disk is full"), failed.getMessage());
    assertEquals(0, scalar("SELECT count(*) FROM " + ops(Tables.LEDGER)));
    assertEquals(0, stagingCount("1=1"));
    IllegalStateException again =
        assertThrows(
            IllegalStateException.class, () -> warehouse.commit(batch("c", Map.of(HOUR_6, 1L))));
    assertTrue(again.getMessage().contains("load c"), again.getMessage());
    assertEquals(0, stagingCount("1=1"));
  }

  /**
   * A load that never commits (its run failed) has its writer's thread stopped when the warehouse
   * closes, and its rows go with the in-memory database: a warehouse opened again has none.
   */
  @Test
  void aLoadThatNeverCommitsLeavesNoThreadAndNoRows() throws Exception {
    land("d", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    warehouse.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writerThreadAlive("d") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(writerThreadAlive("d"));
    warehouse = new DuckDbWarehouse(dir.resolve("w.duckdb").toString(), Datasets.DEFAULT);
    warehouse.prepare();
    assertEquals(0, memoryTables("d"));
    assertEquals(0, stagingCount("1=1"));
  }

  private static boolean writerThreadAlive(String load) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("duckdb-landing-" + load) && t.isAlive());
  }

  /** Rows handed over in several batches, as bundles do, are all appended, each once. */
  @Test
  void batchesOfOneLoadAreAllAppendedOnce() {
    DuckDbLandingWriter writer = DuckDbLandingWriter.of(warehouse, "e");
    List<EventRow> rows = new ArrayList<>();
    for (int i = 1; i <= 5000; i++) {
      rows.add(pushRow(String.valueOf(i), "2021-07-21T06:10:00Z", HOUR_6, i));
    }
    writer.append(rows.subList(0, 4096), EventRow::table, DuckDbLanding::appendEvent, now());
    writer.append(rows.subList(4096, 5000), EventRow::table, DuckDbLanding::appendEvent, now());
    DuckDbLandingWriter.finish(warehouse, "e");
    assertEquals(5000, landingCount("e"));
    assertEquals(
        5000,
        scalar(
            "SELECT count(DISTINCT source_line) FROM "
                + DuckDbMemoryLanding.table(Datasets.DEFAULT, "e", "push_events")));
    assertEquals(
        5000, warehouse.commit(batch("e", Map.of(HOUR_6, 5000L))).hours().get(0).rowsNew());
  }

  /**
   * A heap grown for a unit's lines is given back before the merge, so DuckDB's memory does not add
   * to it (this test JVM runs G1 with -Xmx2g, as the pipeline runs G1).
   */
  @Test
  void theCommitGivesAGrownHeapBackBeforeTheMerge() {
    landRow("g", pushRow("1", "2021-07-21T06:10:00Z", HOUR_6, 1));
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      lines.add(new byte[16 << 20]);
    }
    long grown = Runtime.getRuntime().totalMemory();
    assertTrue(grown >= DuckDbWarehouse.GROWN_HEAP_BYTES + (256L << 20), "heap grew to " + grown);
    lines.clear();
    assertEquals(1, warehouse.commit(batch("g", Map.of(HOUR_6, 1L))).hours().get(0).rowsNew());
    long after = Runtime.getRuntime().totalMemory();
    assertTrue(after < grown - (256L << 20), "heap of " + grown + " bytes kept " + after);
  }
}
