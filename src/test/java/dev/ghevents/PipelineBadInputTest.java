package dev.ghevents;

import static dev.ghevents.testing.Warehouses.count;
import static dev.ghevents.testing.Warehouses.rows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.testing.HourServer;
import dev.ghevents.testing.HourServer.Body;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind the core issue lists, made from real sample lines and served by a real
 * HTTP server on 127.0.0.1, through the whole pipeline into DuckDB in one run:
 *
 * <ul>
 *   <li>2021-07-21-10: a real hour with lines that are not events, a duplicate id, an unknown type,
 *       an unknown top-level field and payloads in the trimmed 2025-10-07 form;
 *   <li>2021-07-21-11: the next hour, holding three events of hour 10 again (crawl-time bucketing);
 *   <li>2021-07-21-12: a gzip cut in the middle; 2021-07-21-13: a 20-byte empty gzip;
 *   <li>2021-07-21-14: a 404.
 * </ul>
 */
class PipelineBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static HourServer server;
  private static String warehouse;
  private static GhEventsPipeline.Outcome outcome;
  private static List<String> hour10;
  private static int truncatedLinesReadable;

  @BeforeAll
  static void runOnBadInput() throws Exception {
    List<String> real = Samples.lines("2021-07-21-6");
    hour10 = new ArrayList<>(real);
    hour10.add("this is not json"); // line 201
    ObjectNode noId = (ObjectNode) JSON.readTree(real.get(10));
    noId.remove("id");
    hour10.add(JSON.writeValueAsString(noId)); // line 202
    ObjectNode wrongKind = (ObjectNode) JSON.readTree(real.get(11));
    ((ObjectNode) wrongKind.get("actor")).put("id", "not-a-number");
    hour10.add(JSON.writeValueAsString(wrongKind)); // line 203
    hour10.add(real.get(0)); // line 204: the same event twice in one hour
    hour10.add(withNewId(real.get(1), "90000000001", e -> e.put("type", "CopilotSessionEvent")));
    hour10.add(
        withNewId(
            real.get(2),
            "90000000002",
            e -> e.putObject("reactions").put("total_count", 3).put("heart", 1)));
    hour10.add(
        withNewId(
            firstOfType(real, "PushEvent"),
            "90000000003",
            e ->
                ((ObjectNode) e.get("payload"))
                    .remove(List.of("commits", "size", "distinct_size"))));
    hour10.add(
        withNewId(
            firstOfType(real, "PullRequestEvent"),
            "90000000004",
            e -> {
              ((ObjectNode) e.at("/payload/pull_request"))
                  .retain("url", "id", "number", "head", "base");
              ((ObjectNode) e.get("payload")).remove("author_association");
            }));

    List<String> hour11 = new ArrayList<>(real.subList(20, 23));
    hour11.addAll(Samples.lines("2021-07-21-7").subList(0, 7));

    byte[] hour12 = Samples.gzip(Samples.lines("2021-07-21-8"));
    byte[] cut = Arrays.copyOf(hour12, hour12.length / 2);
    byte[] empty = Samples.gzip(List.of());
    assertEquals(20, empty.length, "an empty gzip is 20 bytes, like 2012-03-10-15");

    server = new HourServer();
    server
        .on("2021-07-21-10", new Body(Samples.gzip(hour10)))
        .on("2021-07-21-11", new Body(Samples.gzip(hour11)))
        .on("2021-07-21-12", new Body(cut))
        .on("2021-07-21-13", new Body(empty));
    warehouse = Runs.warehouse(dir);
    outcome =
        Runs.run(
            dir,
            "--source=" + server.baseUrl(),
            "--hours=2021-07-21-10..2021-07-21-14",
            "--maxErrorRatio=0.5",
            "--fetchRetries=0",
            "--loadId=bad");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String withNewId(
      String line, String id, java.util.function.Consumer<ObjectNode> change) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(line);
    event.put("id", id);
    change.accept(event);
    return JSON.writeValueAsString(event);
  }

  private static String firstOfType(List<String> lines, String type) throws Exception {
    for (String line : lines) {
      if (JSON.readTree(line).get("type").asText().equals(type)) {
        return line;
      }
    }
    throw new AssertionError("no " + type);
  }

  private static Map<String, Map<String, Object>> ledger() {
    return rows(
            warehouse,
            "SELECT * FROM gharchive_ops.ingest_ledger WHERE load_id = 'bad' ORDER BY hour")
        .stream()
        .collect(Collectors.toMap(r -> (String) r.get("hour_name"), r -> r));
  }

  @Test
  void theRunGoesOnAndTheLedgerTellsTheTruthAboutEveryHour() {
    assertTrue(outcome.succeeded(), outcome.failure());
    Map<String, Map<String, Object>> ledger = ledger();
    assertEquals(5, ledger.size());
    for (Map<String, Object> row : ledger.values()) {
      assertEquals(
          (long) row.get("lines_read"),
          (long) row.get("rows_new")
              + (long) row.get("rows_already_present")
              + (long) row.get("dead_letters")
              + (long) row.get("rows_skipped"),
          "ledger identity for " + row.get("hour_name"));
    }
    Map<String, Object> h10 = ledger.get("2021-07-21-10");
    assertEquals("loaded", h10.get("status"));
    assertEquals(208L, h10.get("lines_read"));
    assertEquals(3L, h10.get("dead_letters"));
    assertEquals(1L, h10.get("rows_already_present"));
    assertEquals(204L, h10.get("rows_new"));

    Map<String, Object> h11 = ledger.get("2021-07-21-11");
    assertEquals(10L, h11.get("lines_read"));
    assertEquals(3L, h11.get("rows_already_present"));
    assertEquals(7L, h11.get("rows_new"));

    Map<String, Object> h12 = ledger.get("2021-07-21-12");
    assertEquals("corrupt", h12.get("status"));
    assertThat((String) h12.get("message"), containsString("damaged file"));
    assertEquals(1L, h12.get("dead_letters"));
    long readable = (long) h12.get("rows_new");
    assertTrue(readable > 50 && readable < 200, readable + " readable lines");
    assertEquals(readable + 1, h12.get("lines_read"));

    Map<String, Object> h13 = ledger.get("2021-07-21-13");
    assertEquals("loaded", h13.get("status"));
    assertEquals(0L, h13.get("lines_read"));
    assertEquals(20L, h13.get("bytes"));

    Map<String, Object> h14 = ledger.get("2021-07-21-14");
    assertEquals("pending", h14.get("status"));
    assertEquals(0L, h14.get("lines_read"));
    assertThat((String) h14.get("message"), containsString("404"));
  }

  @Test
  void deadLettersSayWhyWhereAndKeepTheLine() {
    List<Map<String, Object>> dead =
        rows(
            warehouse,
            "SELECT source_hour, source_file, line_number, stage, error, raw_line, raw_bytes"
                + " FROM gharchive_ops.dead_letter WHERE load_id = 'bad'"
                + " ORDER BY source_hour, line_number");
    assertEquals(4, dead.size());
    assertEquals(201L, dead.get(0).get("line_number"));
    assertEquals("parse", dead.get(0).get("stage"));
    assertThat((String) dead.get(0).get("error"), containsString("not valid JSON"));
    assertEquals("this is not json", dead.get(0).get("raw_line"));
    assertEquals(16L, dead.get(0).get("raw_bytes"));
    assertThat(
        (String) dead.get(0).get("source_file"), containsString("raw/2021-07-21/2021-07-21-10"));
    assertEquals(202L, dead.get(1).get("line_number"));
    assertEquals("missing required field 'id'", dead.get(1).get("error"));
    assertEquals(hour10.get(201), dead.get(1).get("raw_line"));
    assertEquals(203L, dead.get(2).get("line_number"));
    assertEquals("field 'actor.id' is a string, expected an integer", dead.get(2).get("error"));
    assertEquals("read", dead.get(3).get("stage"));
    assertThat((String) dead.get(3).get("error"), containsString("incomplete last line"));
    assertThat((String) dead.get(3).get("source_file"), containsString("2021-07-21-12"));
  }

  @Test
  void duplicatesInsideAndAcrossHoursLandOnce() {
    for (String table :
        List.of("push_events", "create_events", "watch_events", "pull_request_events")) {
      assertEquals(
          count(warehouse, "SELECT count(DISTINCT id) FROM gharchive_staging." + table),
          count(warehouse, "SELECT count(*) FROM gharchive_staging." + table),
          table);
    }
    long total = 0;
    for (String table : dev.ghevents.model.EventTypes.allTables()) {
      total += count(warehouse, "SELECT count(*) FROM gharchive_staging." + table);
    }
    Map<String, Map<String, Object>> ledger = ledger();
    long expectedNew = ledger.values().stream().mapToLong(r -> (long) r.get("rows_new")).sum();
    assertEquals(expectedNew, total);
  }

  @Test
  void anUnknownTypeAndAnUnknownFieldAreKept() throws Exception {
    Map<String, Object> unknown =
        rows(warehouse, "SELECT type FROM gharchive_staging.other_events WHERE id = '90000000001'")
            .get(0);
    assertEquals("CopilotSessionEvent", unknown.get("type"));
    String table = JSON.readTree(hour10.get(2)).get("type").asText();
    String other =
        rows(
                warehouse,
                "SELECT other::VARCHAR AS o FROM gharchive_staging."
                    + dev.ghevents.model.EventTypes.tableOf(table)
                    + " WHERE id = '90000000002'")
            .get(0)
            .get("o")
            .toString();
    JsonNode reactions = JSON.readTree(other).get("reactions");
    assertEquals(3, reactions.get("total_count").asInt());
  }

  @Test
  void trimmedPayloadsLoad() throws Exception {
    JsonNode push =
        JSON.readTree(
            (String)
                rows(
                        warehouse,
                        "SELECT payload::VARCHAR AS p FROM gharchive_staging.push_events"
                            + " WHERE id = '90000000003'")
                    .get(0)
                    .get("p"));
    assertFalse(push.has("commits"));
    assertFalse(push.has("size"));
    assertTrue(push.has("head"));
    JsonNode pr =
        JSON.readTree(
            (String)
                rows(
                        warehouse,
                        "SELECT payload::VARCHAR AS p FROM gharchive_staging.pull_request_events"
                            + " WHERE id = '90000000004'")
                    .get(0)
                    .get("p"));
    assertEquals(5, pr.get("pull_request").size());
    assertNull(pr.get("author_association"));
  }
}
