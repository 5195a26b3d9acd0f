package dev.ghevents;

import static dev.ghevents.testing.Warehouses.count;
import static dev.ghevents.testing.Warehouses.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import dev.ghevents.testing.Warehouses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default, end to end: every bundled sample hour through the real pipeline on the
 * DirectRunner (with its immutability and encodability checks on) into a lake and DuckDB, then the
 * same hours again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineSamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOURS = "2015-01-01-12,2021-07-21-6..2021-07-21-9";

  @TempDir static Path dir;
  private static String warehouse;
  private static GhEventsPipeline.Outcome first;
  private static Map<String, Long> stagingAfterFirst;
  private static long fingerprintAfterFirst;

  @BeforeAll
  static void loadTheSamples() {
    warehouse = Runs.warehouse(dir);
    first = Runs.run(dir, "--source=samples", "--hours=" + HOURS, "--loadId=first");
    stagingAfterFirst = Warehouses.stagingCounts(warehouse);
    fingerprintAfterFirst = fingerprint();
  }

  /** Changes if any staging row is added, removed or rewritten. */
  private static long fingerprint() {
    long sum = 0;
    for (String table : stagingAfterFirst.keySet()) {
      sum +=
          count(
              warehouse,
              "SELECT sum(hash(id, loaded_at, load_id, payload::VARCHAR)) % 1000000007 FROM"
                  + " gharchive_staging."
                  + table);
    }
    return sum;
  }

  @Test
  @Order(1)
  void everySampleEventIsInItsTypesStagingTableOnce() {
    assertTrue(first.succeeded(), first.failure());
    Map<String, Long> expected = new TreeMap<>();
    // MANIFEST.md: the whole hour plus the 2021 excerpt.
    expected.put("push_events", 4284L + 425);
    expected.put("watch_events", 994L + 58);
    expected.put("create_events", 981L + 103);
    expected.put("issue_comment_events", 574L + 36);
    expected.put("pull_request_events", 367L + 64);
    expected.put("issues_events", 361L + 21);
    expected.put("fork_events", 285L + 19);
    expected.put("delete_events", 156L + 23);
    expected.put("gollum_events", 123L + 2);
    expected.put("pull_request_review_comment_events", 50L + 10);
    expected.put("commit_comment_events", 41L + 2);
    expected.put("release_events", 30L + 3);
    expected.put("member_events", 17L + 4);
    expected.put("public_events", 10L + 2);
    expected.put("pull_request_review_events", 28L);
    assertEquals(expected, new TreeMap<>(stagingAfterFirst));
    for (String table : expected.keySet()) {
      assertEquals(
          expected.get(table),
          count(warehouse, "SELECT count(DISTINCT id) FROM gharchive_staging." + table));
    }
    assertEquals(0, count(warehouse, "SELECT count(*) FROM gharchive_ops.dead_letter"));
  }

  @Test
  @Order(2)
  void theLedgerAccountsForEveryLineOfEveryHour() {
    List<Map<String, Object>> ledger =
        rows(
            warehouse,
            "SELECT hour_name, status, lines_read, rows_new, rows_already_present, dead_letters,"
                + " rows_skipped, bytes FROM gharchive_ops.ingest_ledger WHERE load_id = 'first'"
                + " ORDER BY hour");
    assertEquals(5, ledger.size());
    long[] lines = {8273, 200, 200, 200, 200};
    String[] hours = {
      "2015-01-01-12", "2021-07-21-6", "2021-07-21-7", "2021-07-21-8", "2021-07-21-9"
    };
    for (int i = 0; i < 5; i++) {
      Map<String, Object> row = ledger.get(i);
      assertEquals(hours[i], row.get("hour_name"));
      assertEquals("loaded", row.get("status"));
      assertEquals(lines[i], row.get("lines_read"));
      assertEquals(lines[i], row.get("rows_new"));
      assertEquals(0L, row.get("rows_already_present"));
      assertEquals(0L, row.get("dead_letters"));
      assertEquals(0L, row.get("rows_skipped"));
      assertEquals(Samples.file(hours[i]).toFile().length(), row.get("bytes"));
    }
    assertEquals(lines.length, first.summary().hours().size());
    assertTrue(first.summary().hours().stream().allMatch(e -> e.accountsForEveryLine()));
  }

  @Test
  @Order(3)
  void aRowCarriesTheEnvelopePayloadAndLineageOfItsLine() throws IOException {
    // Line 5 of 2021-07-21-6 is a PushEvent by an organisation (Enalean).
    String line = Samples.lines("2021-07-21-6").get(4);
    JsonNode event = JSON.readTree(line);
    assertEquals("PushEvent", event.get("type").asText());
    String table = "push_events";
    Map<String, Object> row =
        rows(
                warehouse,
                "SELECT *, payload::VARCHAR AS payload_text FROM gharchive_staging."
                    + table
                    + " WHERE id = '"
                    + event.get("id").asText()
                    + "'")
            .get(0);
    assertEquals("PushEvent", row.get("type"));
    assertEquals(
        LocalDateTime.parse(event.get("created_at").asText().replace("Z", "")),
        ((java.sql.Timestamp) row.get("created_at")).toLocalDateTime());
    assertEquals(event.get("public").asBoolean(), row.get("public"));
    assertEquals(event.at("/actor/id").asLong(), row.get("actor_id"));
    assertEquals(event.at("/actor/login").asText(), row.get("actor_login"));
    assertEquals(event.at("/actor/display_login").asText(), row.get("actor_display_login"));
    assertEquals(event.at("/repo/id").asLong(), row.get("repo_id"));
    assertEquals(event.at("/repo/name").asText(), row.get("repo_name"));
    assertEquals("Enalean", row.get("org_login"));
    assertEquals(event.at("/org/id").asLong(), row.get("org_id"));
    assertEquals(event.get("payload"), JSON.readTree((String) row.get("payload_text")));
    assertTrue(line.contains((String) row.get("payload_text")), "payload kept verbatim");
    assertNull(row.get("other"));
    assertEquals(
        LocalDateTime.parse("2021-07-21T06:00:00"),
        ((java.sql.Timestamp) row.get("source_hour")).toLocalDateTime());
    assertTrue(
        ((String) row.get("source_file")).endsWith("lake/raw/2021-07-21/2021-07-21-6.json.gz"));
    assertEquals(5L, row.get("source_line"));
    assertEquals("first", row.get("load_id"));
    assertNotNull(row.get("loaded_at"));
  }

  @Test
  @Order(4)
  void theLakeHoldsTheHourFilesUnchangedAndEachTypesOriginalLines() throws IOException {
    for (String hour : List.of("2015-01-01-12", "2021-07-21-9")) {
      Path raw = dir.resolve("lake/raw/" + hour.substring(0, 10) + "/" + hour + ".json.gz");
      assertArrayEquals(Files.readAllBytes(Samples.file(hour)), Files.readAllBytes(raw));
    }
    List<String> pushes = new ArrayList<>();
    for (String line : Samples.lines("2015-01-01-12")) {
      if (line.contains("\"type\":\"PushEvent\"")) {
        pushes.add(line);
      }
    }
    List<String> inLake =
        readGzipLines(
            dir.resolve(
                "lake/events/push_events/date=2015-01-01/hour=12/"
                    + "push_events-00000-of-00001.json.gz"));
    assertEquals(4284, inLake.size());
    assertFalse(Files.exists(dir.resolve("lake/tmp/first")), "no part folder left behind");
    pushes.sort(null);
    inLake.sort(null);
    assertEquals(pushes, inLake);
  }

  @Test
  @Order(5)
  void runningTheSameHoursAgainChangesNoStagingRowAndSaysSoInTheLedger() throws IOException {
    Path pushFile =
        dir.resolve(
            "lake/events/push_events/date=2015-01-01/hour=12/push_events-00000-of-00001.json.gz");
    List<String> before = readGzipLines(pushFile);
    // Without --reload the loaded hours are skipped: nothing is read, nothing recorded.
    GhEventsPipeline.Outcome skipped =
        Runs.run(dir, "--source=samples", "--hours=" + HOURS, "--loadId=skipped");
    assertTrue(skipped.succeeded(), skipped.failure());
    assertEquals(List.of(), skipped.summary().hours());
    assertEquals(
        0,
        count(
            warehouse,
            "SELECT count(*) FROM gharchive_ops.ingest_ledger WHERE load_id = 'skipped'"));
    GhEventsPipeline.Outcome second =
        Runs.run(dir, "--source=samples", "--hours=" + HOURS, "--loadId=second", "--reload");
    assertTrue(second.succeeded(), second.failure());
    assertEquals(stagingAfterFirst, Warehouses.stagingCounts(warehouse));
    assertEquals(fingerprintAfterFirst, fingerprint());
    List<Map<String, Object>> ledger =
        rows(
            warehouse,
            "SELECT lines_read, rows_new, rows_already_present FROM gharchive_ops.ingest_ledger"
                + " WHERE load_id = 'second'");
    assertEquals(5, ledger.size());
    for (Map<String, Object> row : ledger) {
      assertEquals(0L, row.get("rows_new"));
      assertEquals(row.get("lines_read"), row.get("rows_already_present"));
    }
    // The lake's event files were rewritten with the same lines, not appended to.
    List<String> after = readGzipLines(pushFile);
    before.sort(null);
    after.sort(null);
    assertEquals(before, after);
    assertEquals(0, Warehouses.landingTablesInTheFile(warehouse));
  }

  private static List<String> readGzipLines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ArrayList<>(Arrays.asList(text.split("\n")));
    }
  }
}
