package dev.ghevents;

import static dev.ghevents.testing.Warehouses.count;
import static dev.ghevents.testing.Warehouses.rows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --maxErrorRatio} and {@code --eventTypes}, end to end on real sample lines. */
class PipelineErrorBudgetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void tooManyDeadLettersFailTheRunAfterEverythingIsRecorded() {
    List<String> lines = new ArrayList<>(Samples.lines("2021-07-21-9").subList(0, 100));
    lines.add("{\"id\": \"1\"}");
    lines.add("not json");
    lines.add("{\"id\": 2, \"type\": \"PushEvent\", \"created_at\": \"2021-07-21T15:00:00Z\"}");
    Path source = dir.resolve("source");
    Samples.writeHour(source, "2021-07-21-15", lines);
    Samples.writeHour(source, "2021-07-21-16", Samples.lines("2021-07-21-8"));

    GhEventsPipeline.Outcome outcome =
        Runs.run(
            dir,
            "--source=" + source,
            "--hours=2021-07-21-15,2021-07-21-16",
            "--loadId=budget",
            // An hour a unit, so the hour over budget stops the run before the next one.
            "--hoursPerUnit=1");

    assertFalse(outcome.succeeded());
    assertThat(outcome.failure(), containsString("--maxErrorRatio=0.01"));
    assertThat(outcome.failure(), containsString("hour 2021-07-21-15 has 3 of 103 lines"));
    assertThat(outcome.failure(), containsString("gharchive_ops.dead_letter"));
    String warehouse = Runs.warehouse(dir);
    Map<String, Object> ledger =
        rows(
                warehouse,
                "SELECT * FROM gharchive_ops.ingest_ledger WHERE hour_name = '2021-07-21-15'")
            .get(0);
    assertEquals(103L, ledger.get("lines_read"));
    assertEquals(100L, ledger.get("rows_new"));
    assertEquals(3L, ledger.get("dead_letters"));
    assertEquals(
        3,
        count(
            warehouse, "SELECT count(*) FROM gharchive_ops.dead_letter WHERE load_id = 'budget'"));
    // The hour over budget is committed whole, and the run stops there: the next hour is not
    // started, and a run started again goes on from it (the ledger shows 15 as loaded).
    assertThat(outcome.failure(), containsString("1 later hour(s) not started"));
    assertEquals(
        1,
        count(
            warehouse,
            "SELECT count(*) FROM gharchive_ops.ingest_ledger WHERE load_id = 'budget'"));
    assertEquals(1, outcome.summary().hours().size());
    GhEventsPipeline.Outcome rest =
        Runs.run(dir, "--source=" + source, "--hours=2021-07-21-15,2021-07-21-16", "--loadId=rest");
    assertTrue(rest.succeeded(), rest.failure());
    assertEquals(
        List.of("2021-07-21-16"), rest.summary().hours().stream().map(LedgerEntry::hour).toList());
  }

  @Test
  void aOneLineHourOfTwelveMegabytesLoadsAndTheRunsDeadLettersAreCapped() throws Exception {
    // A one-line hour whose only event carries 12 MB of payload: a row like any other locally.
    ObjectNode big = (ObjectNode) JSON.readTree(Samples.lines("2021-07-21-6").get(0));
    big.put("id", "90000000100");
    ((ObjectNode) big.get("payload")).put("blob", "y".repeat(12_000_000));
    Path source = dir.resolve("source");
    Samples.writeHour(source, "2021-07-21-17", List.of(JSON.writeValueAsString(big)));
    List<String> lines = new ArrayList<>(Samples.lines("2021-07-21-7").subList(0, 50));
    lines.add("not json");
    lines.add("{\"id\": \"3\"}");
    Samples.writeHour(source, "2021-07-21-18", lines);

    GhEventsPipeline.Outcome outcome =
        Runs.run(
            dir,
            "--source=" + source,
            "--hours=2021-07-21-17,2021-07-21-18",
            "--maxErrorRatio=1",
            "--maxDeadLetters=1",
            "--loadId=capped");

    assertFalse(outcome.succeeded());
    assertThat(outcome.failure(), containsString("2 over 2 hour(s), more than --maxDeadLetters=1"));
    String warehouse = Runs.warehouse(dir);
    assertEquals(
        12_000_000 + 13,
        count(
            warehouse,
            "SELECT length(json_extract_string(payload, '$.blob')) + 13"
                + " FROM gharchive_staging.delete_events WHERE id = '90000000100'"));
    assertEquals(
        2,
        count(
            warehouse, "SELECT count(*) FROM gharchive_ops.dead_letter WHERE load_id = 'capped'"));
    assertEquals(51, outcome.summary().hours().stream().mapToLong(e -> e.rowsNew()).sum());
  }

  @Test
  void eventTypesLoadOnlyThoseTypesAndTheLedgerCountsTheRestAsSkipped() throws Exception {
    List<String> lines = Samples.lines("2021-07-21-6");
    long pushes = 0;
    long watches = 0;
    for (String line : lines) {
      String type = JSON.readTree(line).get("type").asText();
      pushes += type.equals("PushEvent") ? 1 : 0;
      watches += type.equals("WatchEvent") ? 1 : 0;
    }
    GhEventsPipeline.Outcome outcome =
        Runs.run(
            dir,
            "--source=samples",
            "--hours=2021-07-21-6",
            "--eventTypes=PushEvent,WatchEvent",
            "--loadId=targeted");
    assertTrue(outcome.succeeded(), outcome.failure());
    String warehouse = Runs.warehouse(dir);
    assertEquals(pushes, count(warehouse, "SELECT count(*) FROM gharchive_staging.push_events"));
    assertEquals(watches, count(warehouse, "SELECT count(*) FROM gharchive_staging.watch_events"));
    assertEquals(0, count(warehouse, "SELECT count(*) FROM gharchive_staging.create_events"));
    Map<String, Object> ledger =
        rows(warehouse, "SELECT * FROM gharchive_ops.ingest_ledger WHERE load_id = 'targeted'")
            .get(0);
    assertEquals(200L, ledger.get("lines_read"));
    assertEquals(pushes + watches, ledger.get("rows_new"));
    assertEquals(200 - pushes - watches, ledger.get("rows_skipped"));
    assertEquals("PushEvent,WatchEvent", ledger.get("event_types"));
  }
}
