package dev.ghevents.warehouse.sql;

import static dev.ghevents.warehouse.sql.Sql.param;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The commit's statements and the ledger's reads that are the same on both warehouses, written once
 * in the SQL both DuckDB and BigQuery (and its emulator) run: the identity check, the move of the
 * dead letters, and every read of the ledger. Each warehouse renders them through its {@link
 * SqlDialect}; only the merge of events into staging is written per engine (BigQuery's MERGE;
 * DuckDB's key-only batch, which bounds its memory).
 */
public final class LedgerSql {
  private LedgerSql() {}

  static final String LOAD_ID = param("load_id", SqlType.STRING);
  static final String HOUR_NAMES = param("hour_names", SqlType.STRING_ARRAY);

  /** The ledger's rows of a unit's hours for a load: present once the unit is committed. */
  public static String unitInLedger(TableNames d, Datasets ds) {
    return "SELECT 1 FROM "
        + d.table(ds.ops(), Tables.LEDGER)
        + " WHERE load_id = "
        + LOAD_ID
        + " AND hour_name IN (SELECT * FROM UNNEST("
        + HOUR_NAMES
        + "))";
  }

  /** True while the ledger holds none of the unit's hours for the load. */
  public static String notYetCommitted(TableNames d, Datasets ds) {
    return "NOT EXISTS (" + unitInLedger(d, ds) + ")";
  }

  /**
   * The ledger's invariant, checked inside the commit after its ledger rows are written: {@code
   * ERROR()} fails the statement, and so rolls back the commit, if an hour's lines are not all
   * accounted for (lines read = new + already present + dead letters + skipped). A failing hour is
   * a bug; its numbers are in the message.
   */
  public static String check(TableNames d, Datasets ds) {
    return "SELECT IF(COUNT(*) = 0, 'every hour adds up', ERROR(CONCAT('the ledger of load ', "
        + LOAD_ID
        + ", ' does not add up (lines read = new + already present + dead letters + skipped): ',"
        + " STRING_AGG(CONCAT(hour_name, ': ', CAST(lines_read AS STRING), ' lines read but ',"
        + " CAST(rows_new AS STRING), ' new + ', CAST(rows_already_present AS STRING),"
        + " ' already present + ', CAST(dead_letters AS STRING), ' dead letters + ',"
        + " CAST(rows_skipped AS STRING), ' skipped'), '; '), '; nothing was committed')))\nFROM "
        + d.table(ds.ops(), Tables.LEDGER)
        + "\nWHERE load_id = "
        + LOAD_ID
        + " AND lines_read != rows_new + rows_already_present + dead_letters + rows_skipped";
  }

  /**
   * The load's dead letters from landing into the ops table, one per line even if an at-least-once
   * writer landed a line twice.
   *
   * @param unitRows a condition on landing's rows that keeps only the unit's (in the dialect's SQL)
   */
  public static String moveDeadLetters(TableNames d, Datasets ds, String unitRows) {
    String columns =
        Tables.DEAD_LETTER_COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    return "INSERT INTO "
        + d.table(ds.ops(), Tables.DEAD_LETTER)
        + " ("
        + columns
        + ")\nSELECT "
        + columns
        + " FROM (\n  SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY source_file, line_number ORDER BY recorded_at) AS copy\n  FROM "
        + d.table(ds.landing(), Tables.DEAD_LETTER)
        + "\n  WHERE load_id = "
        + LOAD_ID
        + " AND "
        + unitRows
        + ") AS landed\nWHERE copy = 1";
  }

  /** Whether load {@code loadId} has recorded any of {@code hourNames} (a committed unit). */
  public static boolean hasUnit(SqlDialect d, Datasets ds, String loadId, List<String> hourNames) {
    Sql sql =
        Sql.of("SELECT COUNT(*) FROM (" + unitInLedger(d, ds) + ") AS unit")
            .with("load_id", loadId)
            .with("hour_names", hourNames);
    return d.query(sql).get(0).int64(0) > 0;
  }

  private static Sql hoursBetween(String select, SqlDialect d, Datasets ds, GhHour a, GhHour b) {
    return Sql.of(
            select
                + " FROM "
                + d.table(ds.ops(), Tables.LEDGER)
                + " WHERE hour BETWEEN "
                + param("first", SqlType.TIMESTAMP)
                + " AND "
                + param("last", SqlType.TIMESTAMP))
        .with("first", a.start())
        .with("last", b.start());
  }

  /** Every status the ledger holds for each hour from {@code first} to {@code last}. */
  public static Map<String, Set<String>> statuses(
      SqlDialect d, Datasets ds, GhHour first, GhHour last) {
    Map<String, Set<String>> statuses = new HashMap<>();
    for (SqlRow r :
        d.query(hoursBetween("SELECT DISTINCT hour_name, status", d, ds, first, last))) {
      statuses.computeIfAbsent(r.string(0), h -> new HashSet<>()).add(r.string(1));
    }
    return statuses;
  }

  /** The load that last recorded each hour from {@code first} to {@code last} as loaded. */
  public static Map<String, String> loadedBy(SqlDialect d, Datasets ds, GhHour first, GhHour last) {
    Sql inRange =
        hoursBetween(
            "SELECT hour_name, load_id, ROW_NUMBER() OVER"
                + " (PARTITION BY hour_name ORDER BY finished_at DESC) AS newest",
            d,
            ds,
            first,
            last);
    Sql sql =
        new Sql(
                "SELECT hour_name, load_id FROM ("
                    + inRange.text()
                    + " AND status = "
                    + param("status", SqlType.STRING)
                    + ") AS loads WHERE newest = 1",
                inRange.values())
            .with("status", HourStatus.LOADED.label());
    Map<String, String> loads = new HashMap<>();
    for (SqlRow r : d.query(sql)) {
      loads.put(r.string(0), r.string(1));
    }
    return loads;
  }

  /** What load {@code loadId} committed: its ledger rows by hour, and its rows per table. */
  public static LoadSummary summary(SqlDialect d, Datasets ds, String loadId) {
    List<LedgerEntry> hours = new ArrayList<>();
    for (SqlRow r :
        d.query(
            Sql.of(
                    "SELECT hour_name, source_uri, status, lines_read, rows_new,"
                        + " rows_already_present, dead_letters, rows_skipped, bytes, load_id,"
                        + " message FROM "
                        + d.table(ds.ops(), Tables.LEDGER)
                        + " WHERE load_id = "
                        + LOAD_ID
                        + " ORDER BY hour")
                .with("load_id", loadId))) {
      hours.add(
          new LedgerEntry(
              r.string(0),
              r.string(1),
              r.string(2),
              r.int64(3),
              r.int64(4),
              r.int64(5),
              r.int64(6),
              r.int64(7),
              r.int64(8),
              r.string(9),
              r.string(10)));
    }
    List<LoadSummary.TableCount> tables = new ArrayList<>();
    for (SqlRow r :
        d.query(
            Sql.of(
                    "SELECT event_table, SUM(rows_new), SUM(rows_already_present) FROM "
                        + d.table(ds.ops(), Tables.LOAD_COUNTS)
                        + " WHERE load_id = "
                        + LOAD_ID
                        + " GROUP BY event_table ORDER BY event_table")
                .with("load_id", loadId))) {
      tables.add(new LoadSummary.TableCount(r.string(0), r.int64(1), r.int64(2)));
    }
    return new LoadSummary(loadId, hours, tables);
  }
}
