package dev.ghevents.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.ledger.HourStatus;
import dev.ghevents.model.EventTypes;
import dev.ghevents.warehouse.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data contract is kept in Java ({@code Tables}, {@code EventTypes}, {@code HourStatus}, {@code
 * Datasets}); everything else that names its tables, columns, statuses or datasets is checked
 * against it here: dbt's sources (generated, with every column's description), dbt's list of
 * staging models and their files, the dashboard's statuses, Terraform's datasets.
 */
class ContractConsistencyTest {
  private static final Path SOURCES = Path.of("dbt/models/_sources.yml");

  @Test
  void dbtSourcesAreRenderedFromTheContract() throws IOException {
    String expected = DbtSources.render();
    if (Boolean.getBoolean("contract.write")) {
      Files.writeString(SOURCES, expected);
    }
    assertEquals(
        expected,
        Files.readString(SOURCES),
        SOURCES + " differs from the data contract in Java: run `make contract` to write it again");
  }

  @Test
  void dbtsStagingModelsAreOnePerContractTable() throws IOException {
    String macros = Files.readString(Path.of("dbt/macros/staging.sql"));
    Matcher list =
        Pattern.compile(
                "macro event_staging_models\\(\\).*?return\\(\\[(.*?)\\]\\)", Pattern.DOTALL)
            .matcher(macros);
    assertTrue(list.find(), "event_staging_models() not found in dbt/macros/staging.sql");
    List<String> listed =
        Pattern.compile("'([a-z_]+)'")
            .matcher(list.group(1))
            .results()
            .map(m -> m.group(1))
            .toList();
    List<String> expected = EventTypes.allTables().stream().map(t -> "stg_" + t).toList();
    assertEquals(expected.stream().sorted().toList(), listed.stream().sorted().toList());
    try (Stream<Path> files = Files.list(Path.of("dbt/models/staging"))) {
      List<String> models =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("stg_") && n.endsWith(".sql"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
      assertEquals(expected.stream().sorted().toList(), models, "one staging model per table");
    }
    // The singular test that compares staging with the facts takes the list, not a copy of it.
    String singular =
        Files.readString(Path.of("dbt/tests/assert_fct_events_counts_match_staging.sql"));
    assertTrue(singular.contains("event_staging_models()"), "the singular test keeps its own list");
    assertFalse(singular.contains("'push_events'"), "the singular test keeps its own list");
  }

  @Test
  void theDashboardShowsEveryLedgerStatus() throws IOException {
    String health = Files.readString(Path.of("dashboard/views/health.py"));
    Matcher statuses = Pattern.compile("status in zip\\(cols, \\[(.*?)\\]\\)").matcher(health);
    assertTrue(statuses.find(), "the status list of dashboard/views/health.py not found");
    List<String> shown =
        Pattern.compile("\"([a-z]+)\"")
            .matcher(statuses.group(1))
            .results()
            .map(m -> m.group(1))
            .toList();
    assertEquals(Arrays.stream(HourStatus.values()).map(HourStatus::label).toList(), shown);
    assertTrue(
        health.contains("st.columns(" + HourStatus.values().length + ")"), "one column each");
  }

  @Test
  void terraformCreatesTheContractsDatasets() throws IOException {
    String main = Files.readString(Path.of("terraform/main.tf"));
    Matcher block = Pattern.compile("datasets = \\{(.*?)\\}", Pattern.DOTALL).matcher(main);
    assertTrue(block.find(), "the datasets map of terraform/main.tf not found");
    Map<String, String> datasets =
        Pattern.compile("(\\w+)\\s*=\\s*\"(\\w+)\"")
            .matcher(block.group(1))
            .results()
            .collect(Collectors.toMap(m -> m.group(1), m -> m.group(2), (a, b) -> a, TreeMap::new));
    Datasets contract = Datasets.DEFAULT;
    assertEquals(
        new TreeMap<>(
            Map.of(
                "landing", contract.landing(),
                "staging", contract.staging(),
                "ops", contract.ops(),
                // dbt's models: its target schema `gharchive` and the folders' `+schema:
                // analytics`.
                "analytics", "gharchive_analytics")),
        datasets);
  }
}
