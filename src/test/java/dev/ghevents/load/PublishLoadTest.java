package dev.ghevents.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient.OutgoingMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubTestClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubTestClient.PubsubTestClientFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
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

  @Test
  void oneMessageIsPublishedToTheTopicPerRun() throws Exception {
    com.google.pubsub.v1.PubsubMessage expected =
        com.google.pubsub.v1.PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(PublishLoad.json(SUMMARY)))
            .putAttributes("load_id", "load_1")
            .build();
    // The test client's topic is left null: PubsubIO names the topic on each message it sends.
    try (PubsubTestClientFactory factory =
        PubsubTestClient.createFactoryForPublish(
            null,
            List.of(
                OutgoingMessage.of(
                    expected, BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis(), null, TOPIC)),
            List.of())) {
      TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
      pipeline
          .apply(Create.of(SUMMARY).withCoder(SerializableCoder.of(LoadSummary.class)))
          .apply(new PublishLoad(TOPIC, factory));
      pipeline.run().waitUntilFinish();
    }
  }
}
