package dev.ghevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.options.RunConfig;
import dev.ghevents.testing.BigQueryEmulator;
import dev.ghevents.testing.Runs;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.bigquery.BigQueryTarget;
import dev.ghevents.warehouse.bigquery.BigQueryWarehouse;
import dev.ghevents.warehouse.bigquery.LandingWriteMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.runners.dataflow.util.PackageUtil;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a Flex Template launcher, {@code main} must always leave a job behind: the launcher runs it
 * with {@code --templateLocation} pointing at the job file, and a launch whose launcher wrote none
 * fails ("Failed to read the job file ... job_object"), after the launcher VM has been paid for.
 * These tests run the real DataflowRunner the way the launcher does, offline: the job is written to
 * a local file instead of being submitted, the files to stage are not uploaded (a stager that only
 * names them), and the ledger the launcher plans from is the BigQuery emulator's.
 */
class LaunchAlwaysSubmitsAJobTest {
  private static final String PROJECT = "ghevents-launch";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BigQueryEmulator emulator;
  private static BigQueryWarehouse ledger;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = BigQueryEmulator.start(PROJECT);
    ledger =
        new BigQueryWarehouse(
            new BigQueryTarget(PROJECT, "US", emulator.endpoint()),
            Datasets.DEFAULT,
            LandingWriteMethod.STORAGE_API_AT_LEAST_ONCE);
    ledger.prepare();
    // 2021-07-21-6 is loaded, so a launch for it alone has nothing left to do.
    GhHour loaded = GhHour.parse("2021-07-21-6");
    ledger.commit(
        new LoadBatch(
            "earlier",
            0,
            null,
            List.of(
                new HourResult(
                    loaded.name(),
                    loaded.start().toEpochMilli() * 1000,
                    "https://data.gharchive.org/2021-07-21-6.json.gz",
                    null,
                    HourStatus.LOADED,
                    0,
                    0,
                    null)),
            Map.of()));
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    emulator.close();
  }

  /** A stager that uploads nothing, as if every file were already in the staging bucket. */
  public static final class NoUpload implements Stager {
    public static NoUpload fromOptions(PipelineOptions options) {
      return new NoUpload();
    }

    @Override
    public List<com.google.api.services.dataflow.model.DataflowPackage> stageFiles(
        List<PackageUtil.StagedFile> files) {
      List<com.google.api.services.dataflow.model.DataflowPackage> staged = new ArrayList<>();
      for (PackageUtil.StagedFile f : files) {
        staged.add(
            new com.google.api.services.dataflow.model.DataflowPackage()
                .setName(f.getDestination())
                .setLocation("gs://ghevents-launch-work/staging/" + f.getDestination()));
      }
      return staged;
    }

    @Override
    public com.google.api.services.dataflow.model.DataflowPackage stageToFile(
        byte[] bytes, String name) {
      return new com.google.api.services.dataflow.model.DataflowPackage()
          .setName(name)
          .setLocation("gs://ghevents-launch-work/staging/" + name);
    }
  }

  /** Runs {@code main}'s work as the launcher would, and returns the job file it wrote. */
  private static JsonNode launch(Path dir, Clock clock, String hours) throws Exception {
    Path jobFile = dir.resolve("job_object");
    Path stage = Files.writeString(dir.resolve("stage.jar"), "");
    GhEventsOptions options =
        Runs.options(
            "--runner=DataflowRunner",
            "--project=" + PROJECT,
            "--region=us-central1",
            "--jobName=ghevents-hourly-2021072107",
            "--tempLocation=gs://ghevents-launch-work/temp",
            "--gcpTempLocation=gs://ghevents-launch-work/temp",
            "--stagingLocation=gs://ghevents-launch-work/staging",
            "--templateLocation=" + jobFile,
            "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
            "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
            "--stagerClass=" + NoUpload.class.getName(),
            "--filesToStage=" + stage,
            "--maxNumWorkers=1",
            "--warehouse=BIGQUERY",
            "--bigqueryProject=" + PROJECT,
            "--lake=gs://ghevents-launch-lake/gharchive",
            "--hours=" + hours,
            "--lookbackHours=1",
            "--loadId=launch-" + dir.getFileName());
    RunConfig config = GhEventsPipeline.configure(options, clock);
    assertTrue(config.onDataflow());
    GhEventsPipeline.Outcome outcome = GhEventsPipeline.run(options, config, ledger);
    assertTrue(outcome.succeeded(), outcome.failure());
    assertTrue(Files.exists(jobFile), "the launcher wrote no job: the launch would fail");
    return JSON.readTree(jobFile.toFile());
  }

  private static List<String> stepNames(JsonNode job) {
    return StreamSupport.stream(job.get("steps").spliterator(), false)
        .map(s -> s.get("properties").get("user_name").get("value").asText())
        .toList();
  }

  @Test
  void aLaunchWithNothingLeftToLoadStillSubmitsAJob(@TempDir Path dir) throws Exception {
    JsonNode job = launch(dir, Runs.CLOCK, "2021-07-21-6");
    assertEquals("ghevents-hourly-2021072107", job.get("name").asText());
    assertTrue(
        stepNames(job).stream().anyMatch(s -> s.startsWith("Commit")), stepNames(job).toString());
  }

  @Test
  void anAutoLaunchWhoseWindowIsDoneStillSubmitsAJob(@TempDir Path dir) throws Exception {
    // At 07:40 a window of one hour holds 06 alone, which the ledger shows as loaded.
    Clock clock = Clock.fixed(Instant.parse("2021-07-21T07:40:00Z"), ZoneOffset.UTC);
    JsonNode job = launch(dir, clock, "auto");
    assertTrue(stepNames(job).stream().anyMatch(s -> s.startsWith("Commit")));
  }

  @Test
  void aLaunchOfAnHourNotPublishedYetSubmitsTheJobThatRecordsItPending(@TempDir Path dir)
      throws Exception {
    // The launcher no longer asks the source: the job's fetch records a 404 as pending.
    JsonNode job = launch(dir, Runs.CLOCK, "2021-07-21-7");
    assertTrue(stepNames(job).stream().anyMatch(s -> s.startsWith("Fetch")));
  }
}
