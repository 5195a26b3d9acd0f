package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.warehouse.duckdb.DuckDb.qualified;

import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The MERGE of one event table's landing batch into staging, on the caller's transaction:
 *
 * <ol>
 *   <li>the batch is the run's landing rows, one per source line (a line written twice by an
 *       at-least-once writer counts once);
 *   <li>inside the batch, one row per event, an event being its {@code id} and {@code created_at}
 *       (ids repeat across GH Archive's eras: a 2025 id can be a 2017 event's): the one from the
 *       earliest hour, then file and line;
 *   <li>against staging, only events staging does not have, looking only at staging rows whose
 *       {@code created_at} lies in the batch's range (computed first, as constants, so the scan is
 *       pruned: an event's {@code created_at} never changes, so a duplicate always lies there);
 *   <li>insert only: an existing staging row is never rewritten.
 * </ol>
 *
 * Returns the rows new and already present per source hour, which the ledger records.
 */
final class DuckDbStagingMerge {
  private static final String COLUMNS = DuckDb.columnList(Tables.EVENT_COLUMNS);
  private static final String LOADED_AT_LAST =
      Tables.EVENT_COLUMNS.stream()
          .map(Column::name)
          .map(name -> name.equals("loaded_at") ? "? AS loaded_at" : "l." + DuckDb.quote(name))
          .collect(Collectors.joining(", "));

  private DuckDbStagingMerge() {}

  /** New and already-present row counts of one hour. */
  record HourCounts(long rowsNew, long rowsAlreadyPresent) {}

  /**
   * Merges {@code table}'s batch of {@code loadId}; returns counts per source hour, empty if the
   * run landed no rows in the table.
   */
  static Map<LocalDateTime, HourCounts> merge(
      Connection c, Datasets ds, String table, String loadId, LocalDateTime mergedAt)
      throws SQLException {
    String landing = DuckDbMemoryLanding.table(ds, loadId, table);
    String staging = qualified(ds.staging(), table);
    LocalDateTime low;
    LocalDateTime high;
    try (PreparedStatement range =
        c.prepareStatement(
            "SELECT min(created_at), max(created_at) FROM " + landing + " WHERE load_id = ?")) {
      range.setString(1, loadId);
      try (ResultSet r = range.executeQuery()) {
        r.next();
        low = r.getObject(1, LocalDateTime.class);
        high = r.getObject(2, LocalDateTime.class);
      }
    }
    if (low == null) {
      return Map.of();
    }
    // The batch's keys only (not its payloads), so the merge needs little memory whatever the
    // hour's size: one row per source line, ranked per id, flagged new or already present.
    try (PreparedStatement batch =
        c.prepareStatement(
            "CREATE OR REPLACE TEMP TABLE merge_batch AS "
                + "WITH lines AS ("
                + "  SELECT any_value(id) AS id, any_value(created_at) AS created_at,"
                + "    any_value(source_hour) AS source_hour,"
                + "    source_file, source_line, min(rowid) AS landing_row FROM "
                + landing
                + "  WHERE load_id = ?"
                + "  GROUP BY source_file, source_line),"
                + " ranked AS ("
                + "  SELECT *, row_number() OVER (PARTITION BY id, created_at"
                + "    ORDER BY source_hour, source_file, source_line) AS batch_rank"
                + "  FROM lines)"
                + " SELECT b.*, (b.batch_rank = 1 AND NOT EXISTS ("
                + "    SELECT 1 FROM "
                + staging
                + " s WHERE s.created_at BETWEEN ? AND ? AND s.id = b.id"
                + "    AND s.created_at = b.created_at)) AS is_new"
                + " FROM ranked b")) {
      batch.setString(1, loadId);
      batch.setObject(2, low);
      batch.setObject(3, high);
      batch.execute();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO "
                + staging
                + " ("
                + COLUMNS
                + ") SELECT "
                + LOADED_AT_LAST
                + " FROM "
                + landing
                // The chosen landing row of each new line, by row id: exactly one row per line
                // even if a line was landed twice, without sorting the batch's payloads. Not
                // ordered either: a unit's rows span about its hours, so staging's row groups are
                // pruned by hour all the same, and sorting a 2024 hour's payloads took 1 s of 3.
                + " l SEMI JOIN (SELECT landing_row FROM merge_batch WHERE is_new) m"
                + " ON l.rowid = m.landing_row")) {
      insert.setObject(1, mergedAt);
      insert.execute();
    }
    Map<LocalDateTime, HourCounts> counts = new LinkedHashMap<>();
    try (PreparedStatement perHour =
            c.prepareStatement(
                "SELECT source_hour, count(*) FILTER (WHERE is_new),"
                    + " count(*) FILTER (WHERE NOT is_new)"
                    + " FROM merge_batch GROUP BY source_hour ORDER BY source_hour");
        ResultSet r = perHour.executeQuery()) {
      while (r.next()) {
        counts.put(r.getObject(1, LocalDateTime.class), new HourCounts(r.getLong(2), r.getLong(3)));
      }
    }
    try (PreparedStatement drop = c.prepareStatement("DROP TABLE merge_batch")) {
      drop.execute();
    }
    return counts;
  }
}
