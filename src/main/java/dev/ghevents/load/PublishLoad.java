package dev.ghevents.load;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.parse.EventLineParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The run's very last step, after the commit and the error budget, so only a successful load
 * publishes: one Pub/Sub message with the run's hours and counts, which starts the dbt build (the
 * Cloud Build trigger of terraform/dbt_trigger.tf).
 */
public final class PublishLoad extends PTransform<PCollection<LoadSummary>, PDone> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final PubsubClient.PubsubClientFactory clientFactory;

  /**
   * @param topic {@code projects/P/topics/T}
   * @param clientFactory the Pub/Sub client, or null for Google's (tests pass Beam's test client)
   */
  public PublishLoad(String topic, PubsubClient.PubsubClientFactory clientFactory) {
    this.topic = topic;
    this.clientFactory = clientFactory;
  }

  @Override
  public PDone expand(PCollection<LoadSummary> summaries) {
    PubsubIO.Write<PubsubMessage> write = PubsubIO.writeMessages().to(topic);
    if (clientFactory != null) {
      write = write.withClientFactory(clientFactory);
    }
    return summaries
        .apply(
            "To a message",
            MapElements.into(TypeDescriptor.of(PubsubMessage.class)).via(PublishLoad::message))
        .apply("Publish", write);
  }

  /** The message: the summary as JSON, the load id also as an attribute. */
  public static PubsubMessage message(LoadSummary summary) {
    return new PubsubMessage(json(summary), Map.of("load_id", summary.loadId()));
  }

  static byte[] json(LoadSummary summary) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = EventLineParser.jsonFactory().createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("load_id", summary.loadId());
      long rowsNew = 0;
      g.writeArrayFieldStart("hours");
      for (LedgerEntry e : summary.hours()) {
        g.writeStartObject();
        g.writeStringField("hour", e.hour());
        g.writeStringField("status", e.status());
        g.writeNumberField("lines_read", e.linesRead());
        g.writeNumberField("rows_new", e.rowsNew());
        g.writeNumberField("rows_already_present", e.rowsAlreadyPresent());
        g.writeNumberField("dead_letters", e.deadLetters());
        g.writeEndObject();
        rowsNew += e.rowsNew();
      }
      g.writeEndArray();
      g.writeNumberField("rows_new", rowsNew);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
