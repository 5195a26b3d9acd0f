package dev.ghevents.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.ghevents.load.HourResult;
import dev.ghevents.load.LoadBatch;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
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
 * #script} runs as one multi-statement transaction:
 *
 * <ol>
 *   <li>per table with rows, a {@code MERGE} into staging: the batch reduced to one row per {@code
 *       id} with {@code ROW_NUMBER()} (the earliest hour, file and line wins; a line an
 *       at-least-once writer landed twice counts once), matched against staging only within the
 *       batch's {@code created_at} range, given as constant parameters so BigQuery prunes staging's
 *       partitions; insert only, so a staging row is never rewritten;
 *   <li>the rows new and already present per hour and table into {@code load_counts};
 *   <li>the run's dead letters into the ops table, one per line;
 *   <li>one ledger row per hour, and an {@code ASSERT} that every hour accounts for every line; if
 *       it fails, the whole transaction is rolled back.
 * </ol>
 */
final class BigQueryMerge {
  private BigQueryMerge() {}

  /** How far before the run's start its landing rows may be stamped (clock skew of workers). */
  static final long LANDED_AFTER_MARGIN_MICROS = 24L * 3600 * 1_000_000;

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
                    + table(project, ds.landing(), t)
                    + " WHERE load_id = @load_id AND loaded_at >= @landed_after")
        .collect(Collectors.joining("\nUNION ALL\n"));
  }

  /** The commit's multi-statement transaction. */
  static String script(String project, Datasets ds, List<TableBatch> batches) {
    StringBuilder sql = new StringBuilder();
    sql.append("BEGIN\n");
    sql.append("BEGIN TRANSACTION;\n");
    for (int i = 0; i < batches.size(); i++) {
      sql.append(mergeStatement(project, ds, batches.get(i).table(), i)).append(";\n");
      sql.append(countStatement(project, ds, batches.get(i).table(), i)).append(";\n");
    }
    sql.append(deadLetterStatement(project, ds)).append(";\n");
    sql.append(ledgerStatement(project, ds)).append(";\n");
    sql.append(assertStatement(project, ds)).append(";\n");
    sql.append("COMMIT TRANSACTION;\n");
    sql.append("EXCEPTION WHEN ERROR THEN\n");
    // Roll back explicitly, then fail the job with BigQuery's own message.
    sql.append("ROLLBACK TRANSACTION;\n");
    sql.append("RAISE USING MESSAGE = @@error.message;\n");
    sql.append("END;\n");
    return sql.toString();
  }

  /** The MERGE of table {@code i}: dedup inside the batch, pruned anti-join, insert only. */
  static String mergeStatement(String project, Datasets ds, String t, int i) {
    String columns = columnList(Tables.EVENT_COLUMNS);
    String values =
        Tables.EVENT_COLUMNS.stream()
            .map(Column::name)
            .map(
                name ->
                    switch (name) {
                      case "load_id" -> "@load_id";
                      case "loaded_at" -> "@merged_at";
                      default -> "b.`" + name + "`";
                    })
            .collect(Collectors.joining(", "));
    return "MERGE "
        + table(project, ds.staging(), t)
        + " AS s\nUSING (\n  SELECT * EXCEPT (batch_rank) FROM (\n    SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY id ORDER BY source_hour, source_file, source_line) AS batch_rank\n"
        + "    FROM "
        + table(project, ds.landing(), t)
        + "\n    WHERE load_id = @load_id AND loaded_at >= @landed_after)\n"
        + "  WHERE batch_rank = 1) AS b\n"
        + "ON s.id = b.id AND s.created_at BETWEEN @low_"
        + i
        + " AND @high_"
        + i
        + "\nWHEN NOT MATCHED THEN\n  INSERT ("
        + columns
        + ")\n  VALUES ("
        + values
        + ")";
  }

  /** Rows new (staging rows of this load) and already present (the batch's other lines). */
  static String countStatement(String project, Datasets ds, String t, int i) {
    return "INSERT INTO "
        + table(project, ds.ops(), Tables.LOAD_COUNTS)
        + " ("
        + columnList(Tables.LOAD_COUNT_COLUMNS)
        + ")\nSELECT @load_id, lines.source_hour, '"
        + t
        + "', IFNULL(added.rows_new, 0), lines.line_count - IFNULL(added.rows_new, 0)\n"
        + "FROM (\n  SELECT source_hour, COUNT(*) AS line_count FROM (\n"
        + "    SELECT DISTINCT source_hour, source_file, source_line FROM "
        + table(project, ds.landing(), t)
        + "\n    WHERE load_id = @load_id AND loaded_at >= @landed_after)\n"
        + "  GROUP BY source_hour) AS lines\n"
        + "LEFT JOIN (\n  SELECT source_hour, COUNT(*) AS rows_new FROM "
        + table(project, ds.staging(), t)
        + "\n  WHERE load_id = @load_id AND created_at BETWEEN @low_"
        + i
        + " AND @high_"
        + i
        + "\n  GROUP BY source_hour) AS added\nON added.source_hour = lines.source_hour";
  }

  /** The run's dead letters into the ops table, one per line even if landed twice. */
  static String deadLetterStatement(String project, Datasets ds) {
    String columns = columnList(Tables.DEAD_LETTER_COLUMNS);
    return "INSERT INTO "
        + table(project, ds.ops(), Tables.DEAD_LETTER)
        + " ("
        + columns
        + ")\nSELECT "
        + columns
        + " FROM (\n  SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY source_file, line_number ORDER BY recorded_at) AS copy\n  FROM "
        + table(project, ds.landing(), Tables.DEAD_LETTER)
        + "\n  WHERE load_id = @load_id AND recorded_at >= @landed_after)\nWHERE copy = 1";
  }

  /** One ledger row per hour of the batch, from the hour arrays and the counts just written. */
  static String ledgerStatement(String project, Datasets ds) {
    return "INSERT INTO "
        + table(project, ds.ops(), Tables.LEDGER)
        + " ("
        + columnList(Tables.LEDGER_COLUMNS)
        + ")\nSELECT TIMESTAMP_MICROS(h), @hour_names[OFFSET(i)], @source_uris[OFFSET(i)],"
        + " @statuses[OFFSET(i)], @lines_read[OFFSET(i)],\n"
        + "  IFNULL(merged.rows_new, 0), IFNULL(merged.rows_present, 0), IFNULL(dead.n, 0),"
        + " @skipped[OFFSET(i)], @bytes[OFFSET(i)], @load_id, @event_types,\n"
        + "  NULLIF(@messages[OFFSET(i)], ''), @started_at, @merged_at\n"
        + "FROM UNNEST(@hour_micros) AS h WITH OFFSET AS i\n"
        + "LEFT JOIN (\n  SELECT hour, SUM(rows_new) AS rows_new, SUM(rows_already_present) AS"
        + " rows_present FROM "
        + table(project, ds.ops(), Tables.LOAD_COUNTS)
        + "\n  WHERE load_id = @load_id GROUP BY hour) AS merged\n"
        + "ON merged.hour = TIMESTAMP_MICROS(h)\n"
        + "LEFT JOIN (\n  SELECT source_hour, COUNT(*) AS n FROM "
        + table(project, ds.ops(), Tables.DEAD_LETTER)
        + "\n  WHERE load_id = @load_id AND recorded_at >= @landed_after GROUP BY source_hour)"
        + " AS dead\nON dead.source_hour = TIMESTAMP_MICROS(h)";
  }

  /** The ledger's invariant, checked inside the transaction. */
  static String assertStatement(String project, Datasets ds) {
    return "ASSERT NOT EXISTS (\n  SELECT 1 FROM "
        + table(project, ds.ops(), Tables.LEDGER)
        + "\n  WHERE load_id = @load_id\n"
        + "  AND lines_read != rows_new + rows_already_present + dead_letters + rows_skipped)\n"
        + "AS 'an hour of this load does not add up (lines read != new + already present + dead"
        + " letters + skipped); nothing was committed'";
  }

  /** The parameters of {@link #script}. */
  static Map<String, QueryParameterValue> parameters(
      LoadBatch batch, List<TableBatch> batches, long mergedAtMicros) {
    Map<String, QueryParameterValue> p = new LinkedHashMap<>(common(batch.loadId(), batch));
    p.put("merged_at", QueryParameterValue.timestamp(mergedAtMicros));
    p.put("started_at", QueryParameterValue.timestamp(batch.startedAtMicros()));
    p.put("event_types", QueryParameterValue.string(batch.eventTypes()));
    for (int i = 0; i < batches.size(); i++) {
      p.put("low_" + i, QueryParameterValue.timestamp(batches.get(i).lowMicros()));
      p.put("high_" + i, QueryParameterValue.timestamp(batches.get(i).highMicros()));
    }
    List<HourResult> hours = batch.hours();
    p.put("hour_micros", int64s(hours.stream().map(HourResult::hourStartMicros).toList()));
    p.put("hour_names", strings(hours.stream().map(HourResult::hour).toList()));
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

  /** The parameters of {@link #rangesQuery}. */
  static Map<String, QueryParameterValue> common(String loadId, LoadBatch batch) {
    return Map.of(
        "load_id",
        QueryParameterValue.string(loadId),
        "landed_after",
        QueryParameterValue.timestamp(batch.startedAtMicros() - LANDED_AFTER_MARGIN_MICROS));
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
