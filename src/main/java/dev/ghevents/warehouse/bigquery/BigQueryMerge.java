package dev.ghevents.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.sql.LedgerSql;
import dev.ghevents.warehouse.sql.TableNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of a BigQuery commit, as text and query parameters (no value is ever written into the
 * text; identifiers come only from {@link Datasets}, validated, and the fixed table names).
 *
 * <p>First, outside the transaction, {@link #rangesQuery} reads each landing table's {@code
 * created_at} range for the run (landing rows of a finished write never change). Then {@link
 * #statements} run as one multi-statement transaction ({@link #transaction}):
 *
 * <ol>
 *   <li>the lock: an {@code UPDATE} of the one row of {@code commit_lock}, stamping it with {@code
 *       CURRENT_TIMESTAMP()}. BigQuery runs transactions that only append side by side, so two
 *       insert-only commits of the same hours would both insert; two transactions that mutate the
 *       same table cannot both run, and BigQuery cancels the conflicting one ("Transaction is
 *       aborted due to concurrent update"), so with the lock first, of two overlapping commits one
 *       is rolled back and its retry starts from a snapshot holding the other's rows. Inside a
 *       transaction {@code CURRENT_TIMESTAMP()} is the transaction's start
 *       (https://cloud.google.com/bigquery/docs/transactions, "Date/time functions in
 *       transactions"), not the moment of the lock; the stamps still follow the order commits
 *       become visible because two committed transactions that both updated the lock row did not
 *       overlap: the later one started after the earlier one committed, so its stamp is later than
 *       every row the earlier one made visible. That is what dbt's {@code loaded_at} watermark
 *       needs;
 *   <li>per table with rows, a {@code MERGE} into staging: the batch reduced to one row per event
 *       ({@code id} and {@code created_at}) with {@code ROW_NUMBER()} (the earliest hour, file and
 *       line wins; a line an at-least-once writer landed twice counts once), matched against
 *       staging only within the batch's {@code created_at} range, given as constant parameters so
 *       BigQuery prunes staging's partitions; insert only, so a staging row is never rewritten;
 *       {@code loaded_at} is the lock's stamp;
 *   <li>the rows new and already present per hour and table into {@code load_counts};
 *   <li>the run's dead letters into the ops table, one per line;
 *   <li>one ledger row per hour, and a check that every hour accounts for every line; if it fails,
 *       the whole transaction is rolled back.
 * </ol>
 *
 * <p>The transaction's statements after the lock run only if the ledger does not hold the unit yet
 * for this load (an {@code IF} after the lock): the idempotency check is inside the transaction, so
 * a commit Dataflow runs twice at once writes once. Checking once, and stamping with {@code
 * CURRENT_TIMESTAMP()} rather than reading the lock row back, keeps each statement's tables to the
 * ones it works on: on-demand BigQuery bills at least 10 MB for every table a statement references.
 */
final class BigQueryMerge {
  private BigQueryMerge() {}

  /** How far before the run's start its landing rows may be stamped (clock skew of workers). */
  static final long LANDED_AFTER_MARGIN_MICROS = 24L * 3600 * 1_000_000;

  // Every parameter is referenced through a CAST to its type. On BigQuery that is a no-op; the
  // emulator ignores the types a request declares and infers them from where a parameter is used,
  // taking INT64 where the use does not say (a SELECT list, an INSERT's values, UNNEST).
  private static final String LOAD_ID = "CAST(@load_id AS STRING)";
  private static final String LANDED_AFTER = "CAST(@landed_after AS TIMESTAMP)";
  private static final String STARTED_AT = "CAST(@started_at AS TIMESTAMP)";
  // A NULL parameter reaches the emulator as '': "all types" is sent as '' on both.
  private static final String EVENT_TYPES = "NULLIF(CAST(@event_types AS STRING), '')";

  private static final String IN_UNIT_HOURS =
      "source_hour IN (SELECT TIMESTAMP_MICROS(h) FROM UNNEST(CAST(@hour_micros AS ARRAY<INT64>))"
          + " AS h)";

  private static final String HOUR_NAMES = "CAST(@hour_names AS ARRAY<STRING>)";

  /** The lock's stamp, read back inside the transaction (which sees its own writes). */
  private static String commitAt(String project, Datasets ds) {
    return "(SELECT IFNULL(MAX(locked_at), ERROR('the commit lock row of "
        + ds.ops()
        + "."
        + Tables.COMMIT_LOCK
        + " is missing; nothing was committed')) FROM "
        + table(project, ds.ops(), Tables.COMMIT_LOCK)
        + " WHERE lock_name = '"
        + Tables.COMMIT_LOCK_ROW
        + "')";
  }

  /** How this project's tables are named, for the shared statements' text. */
  private static TableNames names(String project) {
    return (dataset, name) -> table(project, dataset, name);
  }

  /** The ledger's rows of the unit's hours for this load ({@link LedgerSql#unitInLedger}). */
  static String unitInLedger(String project, Datasets ds) {
    return BigQuerySql.text(LedgerSql.unitInLedger(names(project), ds));
  }

  /** True while the ledger holds none of the unit's hours for this load. */
  private static String notYetCommitted(String project, Datasets ds) {
    return BigQuerySql.text(LedgerSql.notYetCommitted(names(project), ds));
  }

  private static String timestampParameter(String name) {
    return "CAST(@" + name + " AS TIMESTAMP)";
  }

  private static String array(String name, String type) {
    return "CAST(@" + name + " AS ARRAY<" + type + ">)";
  }

  /** One landing table's batch: its name and {@code created_at} range, in microseconds. */
  record TableBatch(String table, long lowMicros, long highMicros) {}

  /**
   * One row per table: {@code event_table, low, high}, with null bounds for a table the run did not
   * land in. Parameters: {@code load_id}, {@code landed_after}.
   */
  static String rangesQuery(String project, Datasets ds, List<String> tables) {
    return tables.stream()
        .map(
            t ->
                "SELECT '"
                    + t
                    + "' AS event_table, MIN(created_at) AS low, MAX(created_at) AS high FROM "
                    + runRows(project, ds, t, false))
        .collect(Collectors.joining("\nUNION ALL\n"));
  }

  /**
   * The commit's statements, in order.
   *
   * @param emulator whether the statements run one by one outside a transaction, as on
   *     goccy/bigquery-emulator: then each MERGE is its insert-only equivalent, {@code INSERT ...
   *     WHERE NOT EXISTS} over the same batch and the same pruned match (the emulator analyses the
   *     MERGE, so its names and types are checked, but cannot execute a MERGE whose match is more
   *     than one equality), and every statement carries the idempotency check and reads the lock
   *     row's stamp back, which {@link #transaction} does once for all of them
   */
  static List<String> statements(
      String project, Datasets ds, List<TableBatch> batches, boolean emulator) {
    List<String> statements = new ArrayList<>();
    statements.add(lockStatement(project, ds));
    for (int i = 0; i < batches.size(); i++) {
      String t = batches.get(i).table();
      statements.add(
          emulator
              ? antiJoinInsertStatement(project, ds, t, i)
              : mergeStatement(project, ds, t, i, false));
      statements.add(countStatement(project, ds, t, i, emulator));
    }
    statements.add(deadLetterStatement(project, ds, emulator));
    statements.add(ledgerStatement(project, ds, emulator));
    statements.add(checkStatement(project, ds));
    return statements;
  }

  /**
   * The first statement of every commit: the one lock row, stamped. Parameters: {@code load_id},
   * {@code hour_names}.
   */
  static String lockStatement(String project, Datasets ds) {
    return "UPDATE "
        + table(project, ds.ops(), Tables.COMMIT_LOCK)
        + " SET load_id = "
        + LOAD_ID
        + ", hour_names = ARRAY_TO_STRING("
        + HOUR_NAMES
        + ", ','), locked_at = CURRENT_TIMESTAMP() WHERE lock_name = '"
        + Tables.COMMIT_LOCK_ROW
        + "'";
  }

  /** Creates the lock row if it is missing (run by {@code prepare}, outside any commit). */
  static String lockRowStatement(String project, Datasets ds) {
    return oneRowStatement(project, ds, Tables.COMMIT_LOCK, "lock_name");
  }

  /**
   * Inserts the one row of ops table {@code name}, keyed {@code 'commit'} in {@code keyColumn}, if
   * it is missing (the commit lock's and the commit lease's rows).
   */
  static String oneRowStatement(String project, Datasets ds, String name, String keyColumn) {
    String table = table(project, ds.ops(), name);
    return "INSERT INTO "
        + table
        + " ("
        + keyColumn
        + ") SELECT n FROM UNNEST(['"
        + Tables.COMMIT_LOCK_ROW
        + "']) AS n WHERE NOT EXISTS (SELECT 1 FROM "
        + table
        + " WHERE "
        + keyColumn
        + " = n)";
  }

  /**
   * {@code statements} as one multi-statement transaction. There is no exception handler: any
   * error, the ledger check's included, fails the query with BigQuery's own message, and BigQuery
   * rolls back a transaction its query ends without committing
   * (https://cloud.google.com/bigquery/docs/transactions, "Transaction scope"). A handler that ran
   * {@code ROLLBACK} would replace that message with its own whenever BigQuery had already
   * cancelled the transaction (a concurrent update found at a statement or at {@code COMMIT}), and
   * the retry could no longer tell an abort from a failure.
   */
  static String transaction(String project, Datasets ds, List<String> statements) {
    StringBuilder sql = new StringBuilder("BEGIN TRANSACTION;\n");
    sql.append(statements.get(0)).append(";\n");
    // The idempotency check, once, after the lock: a commit Dataflow runs again, or twice at once,
    // writes nothing once the ledger holds its unit (one read of the ledger, not one per
    // statement).
    sql.append("IF ").append(notYetCommitted(project, ds)).append(" THEN\n");
    for (String statement : statements.subList(1, statements.size())) {
      sql.append(statement).append(";\n");
    }
    return sql.append("END IF;\nCOMMIT TRANSACTION;").toString();
  }

  /**
   * The unit's own landing rows of table {@code t}: the run's, from the unit's hours (a local run
   * commits one unit at a time under one load id, and landing rows are never deleted). The {@code
   * loaded_at} bound is a constant, so only the partitions written since the run started are read.
   */
  private static String runRows(String project, Datasets ds, String t, boolean guarded) {
    return table(project, ds.landing(), t)
        + " WHERE load_id = "
        + LOAD_ID
        + " AND loaded_at >= "
        + LANDED_AFTER
        + " AND "
        + IN_UNIT_HOURS
        + (guarded ? " AND " + notYetCommitted(project, ds) : "");
  }

  /**
   * The commit's time in a statement: in the transaction, {@code CURRENT_TIMESTAMP()}, which is the
   * transaction's start in every statement of it, as in the lock row; statement by statement (the
   * emulator), the lock row's stamp read back.
   */
  private static String commitTime(String project, Datasets ds, boolean guarded) {
    return guarded ? commitAt(project, ds) : "CURRENT_TIMESTAMP()";
  }

  /** {@code column} within table {@code i}'s batch {@code created_at} range, two constants. */
  private static String inCreatedAtRange(String column, int i) {
    return column
        + " BETWEEN "
        + timestampParameter("low_" + i)
        + " AND "
        + timestampParameter("high_" + i);
  }

  /**
   * The run's batch of table {@code t}: one row per event, the earliest line winning, with the
   * lock's stamp as {@code commit_at}.
   */
  private static String batch(String project, Datasets ds, String t, boolean guarded) {
    return "(\n  SELECT * EXCEPT (batch_rank), "
        + commitTime(project, ds, guarded)
        + " AS commit_at FROM (\n    SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY id, created_at ORDER BY source_hour, source_file, source_line) AS"
        + " batch_rank\n"
        + "    FROM "
        + runRows(project, ds, t, guarded)
        + ")\n"
        + "  WHERE batch_rank = 1)";
  }

  /**
   * A batch row matches a staging row with its id and {@code created_at} (ids repeat across GH
   * Archive's eras, so an event is both); only staging rows in the batch's {@code created_at} range
   * are looked at (an event's {@code created_at} never changes, so a duplicate always lies in that
   * range), and the range is two constants, so staging's partitions outside it are never read.
   */
  private static String prunedMatch(int i) {
    return "s.id = b.id AND s.created_at = b.created_at AND " + inCreatedAtRange("s.created_at", i);
  }

  private static String insertValues() {
    return Tables.EVENT_COLUMNS.stream()
        .map(Column::name)
        .map(
            name ->
                switch (name) {
                  case "load_id" -> LOAD_ID;
                  case "loaded_at" -> "b.commit_at";
                  default -> "b.`" + name + "`";
                })
        .collect(Collectors.joining(", "));
  }

  /** The MERGE of table {@code i}: dedup inside the batch, pruned match, insert only. */
  static String mergeStatement(String project, Datasets ds, String t, int i) {
    return mergeStatement(project, ds, t, i, false);
  }

  private static String mergeStatement(
      String project, Datasets ds, String t, int i, boolean guarded) {
    return "MERGE "
        + table(project, ds.staging(), t)
        + " AS s\nUSING "
        + batch(project, ds, t, guarded)
        + " AS b\nON "
        + prunedMatch(i)
        + "\nWHEN NOT MATCHED THEN\n  INSERT ("
        + columnList(Tables.EVENT_COLUMNS)
        + ")\n  VALUES ("
        + insertValues()
        + ")";
  }

  /** What {@link #mergeStatement} does, in the form the emulator can execute. */
  static String antiJoinInsertStatement(String project, Datasets ds, String t, int i) {
    return "INSERT INTO "
        + table(project, ds.staging(), t)
        + " ("
        + columnList(Tables.EVENT_COLUMNS)
        + ")\nSELECT "
        + insertValues()
        + "\nFROM "
        + batch(project, ds, t, true)
        + " AS b\nWHERE NOT EXISTS (\n  SELECT 1 FROM "
        + table(project, ds.staging(), t)
        + " AS s WHERE "
        + prunedMatch(i)
        + ")";
  }

  /** Rows new (staging rows of this load) and already present (the batch's other lines). */
  static String countStatement(String project, Datasets ds, String t, int i, boolean guarded) {
    return "INSERT INTO "
        + table(project, ds.ops(), Tables.LOAD_COUNTS)
        + " ("
        + columnList(Tables.LOAD_COUNT_COLUMNS)
        + ")\nSELECT "
        + LOAD_ID
        + ", lines.source_hour, '"
        + t
        + "', IFNULL(added.rows_new, 0), lines.line_count - IFNULL(added.rows_new, 0)\n"
        + "FROM (\n  SELECT source_hour, COUNT(*) AS line_count FROM (\n"
        + "    SELECT DISTINCT source_hour, source_file, source_line FROM "
        + runRows(project, ds, t, guarded)
        + ")\n"
        + "  GROUP BY source_hour) AS lines\n"
        + "LEFT JOIN (\n  SELECT source_hour, COUNT(*) AS rows_new FROM "
        + table(project, ds.staging(), t)
        + "\n  WHERE load_id = "
        + LOAD_ID
        + " AND "
        + inCreatedAtRange("created_at", i)
        // The rows this commit stamped: staging is clustered by loaded_at, so only their blocks
        // are read, not the load_id of every row in the batch's days.
        + " AND loaded_at = "
        + commitTime(project, ds, guarded)
        + "\n  GROUP BY source_hour) AS added\nON added.source_hour = lines.source_hour";
  }

  /** The unit's dead letters into the ops table, one per line even if landed twice. */
  static String deadLetterStatement(String project, Datasets ds, boolean guarded) {
    return BigQuerySql.text(
        LedgerSql.moveDeadLetters(
            names(project),
            ds,
            "recorded_at >= "
                + LANDED_AFTER
                + " AND "
                + IN_UNIT_HOURS
                + (guarded ? " AND " + notYetCommitted(project, ds) : "")));
  }

  /** One ledger row per hour of the batch, from the hour arrays and the counts just written. */
  static String ledgerStatement(String project, Datasets ds, boolean guarded) {
    return "INSERT INTO "
        + table(project, ds.ops(), Tables.LEDGER)
        + " ("
        + columnList(Tables.LEDGER_COLUMNS)
        + ")\nSELECT TIMESTAMP_MICROS(h), "
        + array("hour_names", "STRING")
        + "[OFFSET(i)], "
        + array("source_uris", "STRING")
        + "[OFFSET(i)],"
        + " "
        + array("statuses", "STRING")
        + "[OFFSET(i)], "
        + array("lines_read", "INT64")
        + "[OFFSET(i)],\n"
        + "  IFNULL(merged.rows_new, 0), IFNULL(merged.rows_present, 0), IFNULL(dead.n, 0),"
        + " "
        + array("skipped", "INT64")
        + "[OFFSET(i)], "
        + array("bytes", "INT64")
        + "[OFFSET(i)], "
        + LOAD_ID
        + ", "
        + EVENT_TYPES
        + ",\n"
        + "  NULLIF("
        + array("messages", "STRING")
        + "[OFFSET(i)], ''), "
        + STARTED_AT
        + ", "
        + commitTime(project, ds, guarded)
        + "\n"
        + "FROM UNNEST("
        + array("hour_micros", "INT64")
        + ") AS h WITH OFFSET AS i\n"
        + "LEFT JOIN (\n  SELECT hour, SUM(rows_new) AS rows_new, SUM(rows_already_present) AS"
        + " rows_present FROM "
        + table(project, ds.ops(), Tables.LOAD_COUNTS)
        + "\n  WHERE load_id = "
        + LOAD_ID
        + " GROUP BY hour) AS merged\n"
        + "ON merged.hour = TIMESTAMP_MICROS(h)\n"
        + "LEFT JOIN (\n  SELECT source_hour, COUNT(*) AS n FROM "
        + table(project, ds.ops(), Tables.DEAD_LETTER)
        + "\n  WHERE load_id = "
        + LOAD_ID
        + " AND recorded_at >= "
        + LANDED_AFTER
        + " GROUP BY source_hour)"
        + " AS dead\nON dead.source_hour = TIMESTAMP_MICROS(h)"
        + (guarded ? "\nWHERE " + notYetCommitted(project, ds) : "");
  }

  /** The ledger's invariant, the transaction's last statement ({@link LedgerSql#check}). */
  static String checkStatement(String project, Datasets ds) {
    return BigQuerySql.text(LedgerSql.check(names(project), ds));
  }

  /** The parameters of {@link #statements}. */
  static Map<String, QueryParameterValue> parameters(LoadBatch batch, List<TableBatch> batches) {
    Map<String, QueryParameterValue> p = new LinkedHashMap<>(common(batch.loadId(), batch));
    p.put("started_at", QueryParameterValue.timestamp(batch.startedAtMicros()));
    p.put(
        "event_types",
        QueryParameterValue.string(batch.eventTypes() == null ? "" : batch.eventTypes()));
    for (int i = 0; i < batches.size(); i++) {
      p.put("low_" + i, QueryParameterValue.timestamp(batches.get(i).lowMicros()));
      p.put("high_" + i, QueryParameterValue.timestamp(batches.get(i).highMicros()));
    }
    List<HourResult> hours = batch.hours();
    p.put("source_uris", strings(hours.stream().map(HourResult::sourceUri).toList()));
    p.put("statuses", strings(hours.stream().map(h -> h.status().label()).toList()));
    p.put("lines_read", int64s(hours.stream().map(HourResult::linesRead).toList()));
    p.put("bytes", int64s(hours.stream().map(HourResult::bytes).toList()));
    p.put(
        "skipped",
        int64s(
            hours.stream()
                .map(h -> batch.skippedPerHour().getOrDefault(h.hourStartMicros(), 0L))
                .toList()));
    // Arrays cannot hold NULL: an hour without a message sends '' and is stored as NULL.
    p.put(
        "messages",
        strings(hours.stream().map(h -> h.message() == null ? "" : h.message()).toList()));
    return p;
  }

  /** The parameters of {@link #rangesQuery} (and of {@link #lockStatement}). */
  static Map<String, QueryParameterValue> common(String loadId, LoadBatch batch) {
    return Map.of(
        "load_id",
        QueryParameterValue.string(loadId),
        "landed_after",
        QueryParameterValue.timestamp(batch.startedAtMicros() - LANDED_AFTER_MARGIN_MICROS),
        "hour_micros",
        int64s(batch.hours().stream().map(HourResult::hourStartMicros).toList()),
        "hour_names",
        strings(batch.hourNames()));
  }

  static String table(String project, String dataset, String table) {
    return "`" + project + "." + dataset + "." + table + "`";
  }

  private static String columnList(List<Column> columns) {
    return columns.stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(", "));
  }

  private static QueryParameterValue int64s(List<Long> values) {
    return QueryParameterValue.array(values.toArray(Long[]::new), StandardSQLTypeName.INT64);
  }

  private static QueryParameterValue strings(List<String> values) {
    return QueryParameterValue.array(values.toArray(String[]::new), StandardSQLTypeName.STRING);
  }
}
