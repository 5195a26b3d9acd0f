package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.warehouse.duckdb.DuckDb.qualified;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes the ingest ledger's rows and the per-table load counts in DuckDB (the reads are {@code
 * LedgerSql}'s, shared with BigQuery).
 */
final class DuckDbLedger {
  private DuckDbLedger() {}

  static void insert(
      Connection c,
      Datasets ds,
      List<LedgerEntry> entries,
      String eventTypes,
      LocalDateTime startedAt,
      LocalDateTime finishedAt)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + qualified(ds.ops(), Tables.LEDGER)
                + " ("
                + DuckDb.columnList(Tables.LEDGER_COLUMNS)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (LedgerEntry e : entries) {
        int i = 1;
        s.setObject(i++, LocalDateTime.ofInstant(GhHour.parse(e.hour()).start(), DuckDb.UTC));
        s.setString(i++, e.hour());
        s.setString(i++, e.sourceUri());
        s.setString(i++, e.status());
        s.setLong(i++, e.linesRead());
        s.setLong(i++, e.rowsNew());
        s.setLong(i++, e.rowsAlreadyPresent());
        s.setLong(i++, e.deadLetters());
        s.setLong(i++, e.rowsSkipped());
        s.setLong(i++, e.bytes());
        s.setString(i++, e.loadId());
        s.setString(i++, eventTypes);
        s.setString(i++, e.message());
        s.setObject(i++, startedAt);
        s.setObject(i, finishedAt);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  static void insertTableCounts(
      Connection c,
      Datasets ds,
      String loadId,
      String table,
      LocalDateTime hour,
      DuckDbStagingMerge.HourCounts counts)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + qualified(ds.ops(), Tables.LOAD_COUNTS)
                + " ("
                + DuckDb.columnList(Tables.LOAD_COUNT_COLUMNS)
                + ") VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, loadId);
      s.setObject(2, hour);
      s.setString(3, table);
      s.setLong(4, counts.rowsNew());
      s.setLong(5, counts.rowsAlreadyPresent());
      s.execute();
    }
  }
}
