package dev.ghevents;

import static dev.ghevents.testing.Warehouses.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event is its id and its created_at: after GitHub's 2025-10-07 trim, ids have 10 digits and
 * fall where 2017's ids were, so a real post-trim event and a 2017 event with the same id are two
 * events, while the same event in two hour files is still one.
 */
class PipelineEventIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aPostTrimEventAndA2017EventWithItsIdAreBothKeptAndARealDuplicateOnce() throws Exception {
    String trimmed =
        Files.readAllLines(
                Samples.DIR.resolve("events-api-2025-trimmed.sample.json"), StandardCharsets.UTF_8)
            .get(0);
    ObjectNode older = (ObjectNode) JSON.readTree(trimmed);
    assertEquals("5629348833", older.get("id").asText());
    assertEquals("2025-11-01T10:00:00Z", older.get("created_at").asText());
    older.put("created_at", "2017-03-02T10:11:12Z"); // the id as a 2017 event would have had it
    Path source = dir.resolve("source");
    Samples.writeHour(source, "2017-03-02-10", List.of(JSON.writeValueAsString(older)));
    Samples.writeHour(source, "2025-11-01-10", List.of(trimmed));
    Samples.writeHour(source, "2025-11-01-11", List.of(trimmed)); // crawl-time bucketing's copy

    GhEventsPipeline.Outcome run =
        Runs.run(dir, "--hours=2017-03-02-10,2025-11-01-10..2025-11-01-11", "--source=" + source);
    assertTrue(run.succeeded(), run.failure());
    assertEquals(
        List.of(1L, 1L, 0L), run.summary().hours().stream().map(LedgerEntry::rowsNew).toList());
    assertEquals(
        List.of(0L, 0L, 1L),
        run.summary().hours().stream().map(LedgerEntry::rowsAlreadyPresent).toList());
    assertEquals(
        List.of("2017-03-02 10:11:12", "2025-11-01 10:00:00"),
        rows(
                Runs.warehouse(dir),
                "SELECT created_at::VARCHAR AS t FROM gharchive_staging.push_events"
                    + " WHERE id = '5629348833' ORDER BY 1")
            .stream()
            .map(r -> r.get("t"))
            .toList());
  }
}
