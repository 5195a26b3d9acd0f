package dev.ghevents.contract;

import dev.ghevents.ledger.HourStatus;
import dev.ghevents.model.EventTypes;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Tables;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * dbt's {@code models/_sources.yml}, rendered from the pipeline's data contract: the staging tables
 * from {@link EventTypes}, every column with its description from {@link Tables}, the ledger's
 * statuses from {@link HourStatus}. The file is this text; {@code ContractConsistencyTest} fails
 * while it is not ({@code make contract} writes it).
 */
public final class DbtSources {
  private DbtSources() {}

  /** Types an hour, even a day, can pass without: no freshness check on their tables. */
  static final Set<String> RARE_TABLES =
      Set.of(
          "discussion_events",
          "pull_request_review_thread_events",
          "sponsorship_events",
          EventTypes.OTHER_TABLE);

  /**
   * The freshness checks read only the last two days of rows (more than error_after), so each costs
   * the same at any history; the same SQL on BigQuery (where a constant bound on the clustered
   * loaded_at skips older blocks) and DuckDB.
   */
  static final String FRESHNESS_SINCE = "current_timestamp - interval 2 day";

  private static final String FRESHNESS_WINDOW_COMMENT =
      "        # Only the last two days: a max() over all history would read every row's loaded_at"
          + " each hour.\n";

  public static String render() {
    StringBuilder y = new StringBuilder();
    y.append("version: 2\n\n")
        .append("# Generated from the pipeline's data contract (warehouse/Tables.java,")
        .append(" model/EventTypes.java,\n")
        .append("# ledger/HourStatus.java): change those, then run `make contract`.")
        .append(" ContractConsistencyTest\n")
        .append("# fails while this file differs from what they say.\n")
        .append("sources:\n")
        .append("  - name: gharchive_staging\n")
        .append("    description: ")
        .append(
            quote(
                "The pipeline's per-type staging tables: one row per GitHub event (id and created_at), never rewritten."))
        .append(
            "\n    schema: \"{{ env_var('GHEVENTS_STAGING_DATASET', 'gharchive_staging') }}\"\n")
        .append("    config:\n")
        .append("      loaded_at_field: loaded_at\n")
        .append("      freshness:\n")
        .append("        warn_after: {count: 3, period: hour}\n")
        .append("        error_after: {count: 26, period: hour}\n")
        .append(FRESHNESS_WINDOW_COMMENT)
        .append("        filter: \"loaded_at >= " + FRESHNESS_SINCE + "\"\n")
        .append("    tables:\n");
    List<String> tables = EventTypes.allTables();
    for (int i = 0; i < tables.size(); i++) {
      String table = tables.get(i);
      y.append("      - name: ").append(table).append('\n');
      y.append("        description: ").append(quote(description(table))).append('\n');
      if (RARE_TABLES.contains(table)) {
        y.append(
                "        # Rare: an hour, even a day, can pass without one, so no freshness check.\n")
            .append("        config:\n")
            .append("          freshness: null\n");
      }
      // Ids repeat across GH Archive's eras: an event is its id and its created_at.
      y.append("        data_tests:\n")
          .append("          - unique_combination: {arguments: {columns: [id, created_at]}}\n");
      if (i == 0) {
        // One list for every event table, by YAML anchor.
        y.append("        columns: &event_columns\n");
        columns(y, Tables.EVENT_COLUMNS, "id", "            data_tests: [not_null]\n");
      } else {
        y.append("        columns: *event_columns\n");
      }
    }
    y.append("\n  - name: gharchive_ops\n")
        .append("    description: ")
        .append(quote("The pipeline's operational tables."))
        .append("\n    schema: \"{{ env_var('GHEVENTS_OPS_DATASET', 'gharchive_ops') }}\"\n")
        .append("    tables:\n");
    y.append("      - name: ")
        .append(Tables.LEDGER)
        .append('\n')
        .append("        description: ")
        .append(
            quote("One row per hour per run: status and the counts that account for every line."))
        .append("\n        config:\n")
        .append("          loaded_at_field: finished_at\n")
        .append("          freshness:\n")
        .append("            warn_after: {count: 3, period: hour}\n")
        .append("            error_after: {count: 26, period: hour}\n")
        .append("            filter: \"finished_at >= " + FRESHNESS_SINCE + "\"\n")
        .append("        columns:\n");
    String statuses =
        Arrays.stream(HourStatus.values())
            .map(s -> "'" + s.label() + "'")
            .collect(Collectors.joining(", "));
    columns(
        y,
        Tables.LEDGER_COLUMNS,
        "status",
        "            data_tests:\n"
            + "              - accepted_values:\n"
            + "                  arguments:\n"
            + "                    values: ["
            + statuses
            + "]\n");
    table(
        y,
        Tables.DEAD_LETTER,
        "Lines that did not become rows, with the reason.",
        Tables.DEAD_LETTER_COLUMNS);
    table(
        y,
        Tables.LOAD_COUNTS,
        "Rows new and already present per run, hour and event table.",
        Tables.LOAD_COUNT_COLUMNS);
    table(
        y,
        Tables.COMMIT_LOCK,
        "The one row every commit updates first, serializing commits.",
        Tables.COMMIT_LOCK_COLUMNS);
    return y.toString();
  }

  private static String description(String table) {
    if (table.equals(EventTypes.OTHER_TABLE)) {
      return "Events of types without a table of their own, kept whole; one row per event id.";
    }
    String type =
        EventTypes.KNOWN.stream()
            .filter(t -> EventTypes.tableOf(t).equals(table))
            .findFirst()
            .get();
    return type + " events; one row per event id.";
  }

  private static void table(
      StringBuilder y, String name, String description, List<Column> columns) {
    y.append("      - name: ")
        .append(name)
        .append('\n')
        .append("        description: ")
        .append(quote(description))
        .append('\n')
        .append("        columns:\n");
    columns(y, columns, null, null);
  }

  /** Every column with its description; {@code tests} under the column named {@code tested}. */
  private static void columns(StringBuilder y, List<Column> columns, String tested, String tests) {
    for (Column c : columns) {
      y.append("          - name: ")
          .append(c.name())
          .append('\n')
          .append("            description: ")
          .append(quote(c.description()))
          .append('\n');
      if (c.name().equals(tested)) {
        y.append(tests);
      }
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
