package dev.ghevents.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The success message, published through PubsubIO itself to Beam's Pub/Sub test client, which fails
 * the pipeline unless exactly the expected messages are published.
 */
class PublishLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "projects/my-project-1/topics/ghevents-loads";

  private static final LoadSummary SUMMARY =
      new LoadSummary(
          "load_1",
          List.of(
              new LedgerEntry(
                  "2021-07-21-6", "src", "loaded", 200, 198, 1, 1, 0, 95_000, "load_1", null),
              new LedgerEntry("2021-07-21-7", "src", "pending", 0, 0, 0, 0, 0, 0, "load_1", "404")),
          List.of(new LoadSummary.TableCount("push_events", 198, 1)));

  @Test
  void theMessageCarriesTheRunsHoursAndCounts() throws Exception {
    JsonNode message = JSON.readTree(PublishLoad.json(SUMMARY));
    assertEquals("load_1", message.get("load_id").asText());
    assertEquals(198, message.get("rows_new").asLong());
    assertEquals(2, message.get("hours").size());
    assertEquals("pending", message.at("/hours/1/status").asText());
    assertEquals(1, message.at("/hours/0/dead_letters").asLong());
    assertEquals("load_1", PublishLoad.message(SUMMARY).getAttribute("load_id"));
  }
}
