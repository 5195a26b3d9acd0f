package dev.ghevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.options.RunConfig;
import dev.ghevents.warehouse.bigquery.BigQueryWarehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * The whole Dataflow path against a real Google Cloud project: one GH Archive hour, launched as
 * {@code main} launches it on Dataflow (submit, do not wait), then the ledger read until the job
 * commits. Runs only with {@code mvn verify -Pit} and these variables (Application Default
 * Credentials with rights to run Dataflow jobs and write the bucket and BigQuery):
 *
 * <ul>
 *   <li>{@code GHEVENTS_IT_PROJECT}: the project of the job and the datasets;
 *   <li>{@code GHEVENTS_IT_BUCKET}: a bucket for the lake, staging and temp files;
 *   <li>{@code GHEVENTS_IT_REGION}: the Dataflow region (default us-central1);
 *   <li>{@code GHEVENTS_IT_HOUR}: the hour to load (default 2024-01-01-15).
 * </ul>
 *
 * The datasets are suffixed {@code _it}, so the test never writes the production ones.
 */
class LiveDataflowIT {
  @Test
  void oneHourLandsMergesAndIsRecordedInTheLedger() throws Exception {
    String project = required("GHEVENTS_IT_PROJECT");
    String bucket = required("GHEVENTS_IT_BUCKET");
    String region = System.getenv().getOrDefault("GHEVENTS_IT_REGION", "us-central1");
    String hour = System.getenv().getOrDefault("GHEVENTS_IT_HOUR", "2024-01-01-15");
    String loadId = "it_" + Instant.now().getEpochSecond();
    PipelineOptionsFactory.register(GhEventsOptions.class);
    GhEventsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DataflowRunner",
                "--project=" + project,
                "--region=" + region,
                "--tempLocation=gs://" + bucket + "/it/temp",
                "--stagingLocation=gs://" + bucket + "/it/staging",
                "--hours=" + hour,
                "--lake=gs://" + bucket + "/it/lake",
                "--warehouse=BIGQUERY",
                "--landingDataset=gharchive_landing_it",
                "--stagingDataset=gharchive_staging_it",
                "--opsDataset=gharchive_ops_it",
                "--loadId=" + loadId)
            .withValidation()
            .as(GhEventsOptions.class);
    RunConfig config = GhEventsPipeline.configure(options, Clock.systemUTC());
    BigQueryWarehouse warehouse = (BigQueryWarehouse) config.warehouse().open(config.loadId());
    GhEventsPipeline.Outcome launched = GhEventsPipeline.run(options, config, warehouse);
    assertTrue(launched.succeeded(), launched.failure());

    Instant deadline = Instant.now().plus(Duration.ofMinutes(40));
    LoadSummary summary = warehouse.summary(loadId);
    while (summary.hours().isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(30_000);
      summary = warehouse.summary(loadId);
    }
    assertEquals(1, summary.hours().size(), "the job committed within 40 minutes");
    LedgerEntry entry = summary.hours().get(0);
    assertNotNull(entry);
    assertEquals("loaded", entry.status());
    assertTrue(entry.linesRead() > 10_000, "a real hour has tens of thousands of events");
    assertTrue(entry.accountsForEveryLine());
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " must be set to run the live Dataflow test");
    }
    return value;
  }
}
