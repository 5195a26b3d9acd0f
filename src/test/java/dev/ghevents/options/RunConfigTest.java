package dev.ghevents.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.GhEventsOptions;
import dev.ghevents.GhEventsPipeline;
import dev.ghevents.model.EventTypes;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import dev.ghevents.warehouse.bigquery.BigQueryConfig;
import dev.ghevents.warehouse.bigquery.LandingWriteMethod;
import dev.ghevents.warehouse.duckdb.DuckDbConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class RunConfigTest {

  private static RunConfig config(String... args) {
    return GhEventsPipeline.configure(Runs.options(args), Runs.CLOCK);
  }

  private static BigQueryConfig bigquery(RunConfig c) {
    return (BigQueryConfig) c.warehouse();
  }

  private static String error(String... args) {
    return assertThrows(InvalidOptionException.class, () -> config(args)).getMessage();
  }

  @Test
  void theSampleRunsOptionsResolve() {
    RunConfig c = config("--source=samples", "--hours=2015-01-01-12,2021-07-21-6..2021-07-21-9");
    assertEquals(5, c.hours().size());
    assertEquals(Samples.DIR.toString(), c.source().uri());
    assertEquals(Set.copyOf(EventTypes.allTables()), c.policy().selectedTables());
    assertNull(c.policy().eventTypes());
    assertEquals(0.01, c.policy().maxErrorRatio());
    assertTrue(c.loadId().matches("\\d{8}T\\d{6}Z_[0-9a-f]{8}"), c.loadId());
    // The tests run on the DirectRunner: one line bucket per core.
    assertEquals(0, c.policy().lineBuckets(), "a local run does not reshuffle its lines");
  }

  @Test
  void eachBadOptionNamesItsFlag() {
    assertThat(error("--hours=2024-01-01-05"), startsWith("--hours: "));
    assertThat(error("--hours=2024-13-01-5"), startsWith("--hours: "));
    assertThat(
        error("--hours=2024-01-02-0..2024-01-01-0"), containsString("ends before it starts"));
    assertThat(error("--hours=2010-06-01-0"), containsString("before 2011-02-12-0"));
    assertThat(error(), startsWith("--hours: no hours given"));
    assertThat(
        error("--hours=2024-01-01-5", "--eventTypes=PushEvent,PushEvnt"),
        startsWith("--eventTypes: 'PushEvnt' is not an event type"));
    assertThat(
        error("--hours=2024-01-01-5", "--maxErrorRatio=1.5"),
        startsWith("--maxErrorRatio: 1.5 is not between 0 and 1"));
    assertThat(
        error("--hours=2024-01-01-5", "--source=/no/such/folder"),
        startsWith("--source: '/no/such/folder' is neither a URI nor an existing folder"));
    assertThat(error("--hours=2024-01-01-5", "--loadId=a;drop table x"), startsWith("--loadId: "));
    assertThat(error("--hours=2024-01-01-5", "--fetchRetries=-1"), startsWith("--fetchRetries: "));
    assertThat(
        error("--hours=auto", "--reload"),
        startsWith("--reload: cannot go with --hours=auto, which plans only hours not loaded yet"));
    assertThat(
        error("--hours=2024-01-01-5", "--hoursPerUnit=0"),
        startsWith("--hoursPerUnit: '0' is neither auto nor a number of hours between 1 and 24"));
    assertThat(
        error("--hours=2024-01-01-5", "--hoursPerUnit=25"),
        startsWith("--hoursPerUnit: '25' is neither auto nor a number of hours"));
    assertThat(
        error("--hours=2024-01-01-5", "--hoursPerUnit=some"),
        startsWith("--hoursPerUnit: 'some' is neither auto nor a number of hours"));
  }

  @Test
  void aRunCommitsAnHourAtATimeAndSkipsLoadedHoursUnlessTold() {
    RunConfig c = config("--hours=2024-01-01-5");
    assertNull(c.policy().hoursPerUnit(), "auto: by the sizes of the hours' files");
    assertEquals(
        2, (int) config("--hours=2024-01-01-5", "--hoursPerUnit=2").policy().hoursPerUnit());
    assertNull(config("--hours=2024-01-01-5", "--hoursPerUnit=AUTO").policy().hoursPerUnit());
    assertFalse(c.policy().reload());
    RunConfig d = config("--hours=2024-01-01-5", "--hoursPerUnit=3", "--reload");
    assertEquals(3, (int) d.policy().hoursPerUnit());
    assertTrue(d.policy().reload());
  }

  @Test
  void eachWarehouseChecksOnlyItsOwnOptions() {
    String[] base = {"--source=samples", "--hours=2021-07-21-6"};
    assertThat(
        error(with(base, "--duckdbMemoryLimit=lots")),
        startsWith("--duckdbMemoryLimit: 'lots' is not a size like 2GB or 512MB"));
    DuckDbConfig duck = (DuckDbConfig) config(with(base, "--duckdbMemoryLimit=512MB")).warehouse();
    assertEquals("512MB", duck.memoryLimit());
    assertTrue(duck.path().endsWith("data/ghevents.duckdb") && duck.path().startsWith("/"));
    // A BigQuery run never reads the DuckDB flags, and a DuckDB run never the BigQuery ones.
    RunConfig bq =
        config(
            with(
                base,
                "--warehouse=BIGQUERY",
                "--project=my-project-1",
                "--duckdbMemoryLimit=lots"));
    assertEquals("my-project-1", bigquery(bq).target().project());
    assertTrue(
        config(with(base, "--bigqueryLocation=not a location")).warehouse()
            instanceof DuckDbConfig);
  }

  @Test
  void eventTypesSelectTheirTables() {
    RunConfig c = config("--hours=2024-01-01-5", "--eventTypes=PushEvent, WatchEvent,PushEvent");
    assertEquals(Set.of("push_events", "watch_events"), c.policy().selectedTables());
    assertEquals("PushEvent,WatchEvent", c.policy().eventTypesLabel());
  }

  @Test
  void helpDescribesEveryOption() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PipelineOptionsFactory.printHelp(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), GhEventsOptions.class);
    String help = bytes.toString(StandardCharsets.UTF_8);
    for (String flag :
        new String[] {
          "--hours",
          "--source",
          "--lake",
          "--duckdbPath",
          "--eventTypes",
          "--maxErrorRatio",
          "--fetchRetries",
          "--fetchTimeoutSeconds",
          "--lineBuckets",
          "--loadId",
          "--warehouse"
        }) {
      assertThat(help, containsString(flag));
    }
    assertThat(help, containsString("not zero-padded"));
  }

  @Test
  void bigQueryOptionsResolveWithTheDataContractsDefaults() {
    RunConfig c =
        config(
            "--source=samples",
            "--hours=2021-07-21-6",
            "--warehouse=BIGQUERY",
            "--project=my-project-1");
    assertEquals(
        "my-project-1",
        bigquery(c).target().project(),
        "--project when --bigqueryProject is unset");
    assertEquals("US", bigquery(c).target().location());
    assertNull(bigquery(c).target().endpoint());
    assertEquals("gharchive_staging", c.datasets().staging());
    assertEquals(LandingWriteMethod.STORAGE_API_AT_LEAST_ONCE, bigquery(c).writeMethod());
    RunConfig custom =
        config(
            "--source=samples",
            "--hours=2021-07-21-6",
            "--warehouse=BIGQUERY",
            "--bigqueryProject=other-project",
            "--stagingDataset=stg",
            "--writeMethod=FILE_LOADS",
            "--bigqueryEndpoint=http://127.0.0.1:9050/");
    assertEquals("other-project", bigquery(custom).target().project());
    assertEquals("stg", custom.datasets().staging());
    assertEquals("http://127.0.0.1:9050", bigquery(custom).target().endpoint());
    assertTrue(
        config("--source=samples", "--hours=2021-07-21-6").warehouse() instanceof DuckDbConfig,
        "DuckDB run");
  }

  @Test
  void badBigQueryOptionsNameTheirFlag() {
    String[] base = {"--source=samples", "--hours=2021-07-21-6", "--warehouse=BIGQUERY"};
    assertThat(error(base), startsWith("--bigqueryProject: must be set (or --project)"));
    assertThat(
        error(with(base, "--bigqueryProject=Bad_Project")),
        startsWith("--bigqueryProject: 'Bad_Project' is not a Google Cloud project id"));
    assertThat(
        error(with(base, "--project=my-project-1", "--stagingDataset=staging; DROP TABLE x")),
        startsWith("--stagingDataset: "));
    assertThat(
        error(with(base, "--project=my-project-1", "--bigqueryLocation=us central")),
        startsWith("--bigqueryLocation: "));
    assertThat(
        error(with(base, "--project=my-project-1", "--bigqueryEndpoint=localhost:9050")),
        startsWith("--bigqueryEndpoint: "));
  }

  @Test
  void optionsThatCannotWorkOnDataflowAreRefusedAtLaunch() {
    String[] dataflow = {
      "--runner=DataflowRunner", "--hours=2021-07-21-6", "--project=my-project-1"
    };
    assertThat(
        error(with(dataflow, "--source=samples")),
        startsWith("--source: 'samples' is a local folder, which Dataflow workers cannot read"));
    assertThat(
        error(with(dataflow, "--lake=data/lake")),
        startsWith("--lake: 'data/lake' is not a gs:// path"));
    assertThat(
        error(with(dataflow, "--lake=gs://bucket/lake")),
        startsWith("--warehouse: DUCKDB writes a local file"));
    assertThat(
        error(
            with(
                dataflow,
                "--lake=gs://bucket/lake",
                "--warehouse=BIGQUERY",
                "--bigqueryEndpoint=http://127.0.0.1:9050")),
        startsWith("--bigqueryEndpoint: is for tests against a local BigQuery emulator"));
    RunConfig ok = config(with(dataflow, "--lake=gs://bucket/lake", "--warehouse=BIGQUERY"));
    assertTrue(ok.onDataflow());
    assertNull(ok.policy().lineBuckets(), "one bucket per line on Dataflow");
    RunConfig oneWorker =
        config(
            with(dataflow, "--lake=gs://bucket/lake", "--warehouse=BIGQUERY", "--maxNumWorkers=1"));
    assertEquals(
        0,
        oneWorker.policy().lineBuckets(),
        "no reshuffle where one worker parses everything anyway (the hourly job)");
  }

  @Test
  void aPublishTopicMustBeAFullTopicPath() {
    String[] base = {"--source=samples", "--hours=2021-07-21-6"};
    assertNull(config(base).policy().publishTopic());
    assertEquals(
        "projects/my-project-1/topics/ghevents-loads",
        config(with(base, "--publishTopic=projects/my-project-1/topics/ghevents-loads"))
            .policy()
            .publishTopic());
    assertThat(
        error(with(base, "--publishTopic=ghevents-loads")),
        startsWith("--publishTopic: 'ghevents-loads' is not a topic like projects/P/topics/T"));
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
