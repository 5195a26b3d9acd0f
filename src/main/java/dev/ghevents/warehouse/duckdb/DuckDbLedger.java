package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.warehouse.duckdb.DuckDb.qualified;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Writes and reads the ingest ledger and the per-table load counts in DuckDB. */
final class DuckDbLedger {
  private DuckDbLedger() {}

  /** Whether load {@code loadId} has recorded any of {@code hourNames} (a committed unit). */
  static boolean hasUnit(Connection c, Datasets ds, String loadId, List<String> hourNames)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*) FROM "
                + qualified(ds.ops(), Tables.LEDGER)
                + " WHERE load_id = ? AND list_contains(?::VARCHAR[], hour_name)")) {
      s.setString(1, loadId);
      s.setObject(2, c.createArrayOf("VARCHAR", hourNames.toArray()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

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

  static LoadSummary read(Connection c, Datasets ds, String loadId) throws SQLException {
    List<LedgerEntry> hours = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT hour_name, source_uri, status, lines_read, rows_new, rows_already_present,"
                + " dead_letters, rows_skipped, bytes, load_id, message FROM "
                + qualified(ds.ops(), Tables.LEDGER)
                + " WHERE load_id = ? ORDER BY hour")) {
      s.setString(1, loadId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          hours.add(
              new LedgerEntry(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getLong(4),
                  r.getLong(5),
                  r.getLong(6),
                  r.getLong(7),
                  r.getLong(8),
                  r.getLong(9),
                  r.getString(10),
                  r.getString(11)));
        }
      }
    }
    List<LoadSummary.TableCount> tables = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT event_table, sum(rows_new), sum(rows_already_present) FROM "
                + qualified(ds.ops(), Tables.LOAD_COUNTS)
                + " WHERE load_id = ? GROUP BY event_table ORDER BY event_table")) {
      s.setString(1, loadId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables.add(new LoadSummary.TableCount(r.getString(1), r.getLong(2), r.getLong(3)));
        }
      }
    }
    return new LoadSummary(loadId, hours, tables);
  }
}
