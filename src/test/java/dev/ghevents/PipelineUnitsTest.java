package dev.ghevents;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.testing.ChildRun;
import dev.ghevents.testing.FailingWarehouse;
import dev.ghevents.testing.HourServer;
import dev.ghevents.testing.PartFiles;
import dev.ghevents.testing.PausePoint;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import dev.ghevents.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run is a sequence of committed units (an hour each here, with {@code --hoursPerUnit=1}; small
 * hours from a local source share one by default): each is fetched, landed and committed before the
 * next starts, the log shows progress after each commit, a range started again skips what the
 * ledger shows loaded, and a failure anywhere stops the run at its hour with a message saying what
 * is and is not recorded.
 */
class PipelineUnitsTest {
  private static final String FOUR_HOURS = "--hours=2021-07-21-6..2021-07-21-9";
  private static final String SOURCE = "--source=samples";
  private static final String HOUR_UNITS = "--hoursPerUnit=1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> args(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of(FOUR_HOURS, SOURCE, HOUR_UNITS));
    args.add("--lake=" + dir.resolve("lake"));
    args.add("--duckdbPath=" + Runs.warehouse(dir));
    args.addAll(List.of(more));
    return args;
  }

  private static List<String> ledgerHours(String warehouse, String loadId) {
    return Warehouses.rows(
            warehouse,
            "SELECT hour_name FROM gharchive_ops.ingest_ledger WHERE load_id = '"
                + loadId
                + "' ORDER BY hour")
        .stream()
        .map(r -> (String) r.get("hour_name"))
        .toList();
  }

  private static void assertEveryEventOnce(String warehouse, long events) {
    assertEquals(
        events,
        Warehouses.stagingCounts(warehouse).values().stream().mapToLong(Long::longValue).sum());
    assertEquals(
        List.of(),
        Warehouses.rows(
            warehouse,
            "SELECT id FROM gharchive_staging.push_events GROUP BY id HAVING count(*) > 1"));
  }

  @Test
  void eachHourIsCommittedBeforeTheNextStartsAndTheLogSaysHowFarTheRunIs(@TempDir Path dir)
      throws Exception {
    ChildRun run = ChildRun.start(dir.resolve("run.log"), null, args(dir, "--loadId=units"));
    assertEquals(0, run.waitFor(Duration.ofMinutes(3)), run.output());
    String log = run.output();
    assertThat(
        log,
        containsString(
            "hour 1/4 2021-07-21-6 loaded: 200 lines, 200 new, 0 present, 0 dead letters ("));
    assertThat(log, containsString("hour 4/4 2021-07-21-9 loaded: 200 lines, 200 new,"));
    assertThat(log, containsString(" left"));
    // The second hour is fetched only once the first is committed.
    assertThat(log.indexOf("2021-07-21-7: fetched"), greaterThan(log.indexOf("hour 1/4")));
    assertThat(log.indexOf("2021-07-21-8: fetched"), greaterThan(log.indexOf("hour 2/4")));
    String warehouse = Runs.warehouse(dir);
    assertEquals(4, commits(warehouse, "units"), "one commit per hour");
    assertThat(log, containsString("total                           800        800"));
  }

  private static long commits(String warehouse, String loadId) {
    return Warehouses.count(
        warehouse,
        "SELECT count(DISTINCT finished_at) FROM gharchive_ops.ingest_ledger WHERE load_id = '"
            + loadId
            + "'");
  }

  @Test
  void byDefaultSmallHoursFromALocalSourceShareAUnitAndADownloadIsAUnitOfItsOwn(@TempDir Path dir)
      throws Exception {
    GhEventsPipeline.Outcome local = Runs.run(dir, FOUR_HOURS, SOURCE, "--loadId=local");
    assertTrue(local.succeeded(), local.failure());
    String warehouse = Runs.warehouse(dir);
    assertEquals(1, commits(warehouse, "local"), "four 90 KB files: one unit, one commit");
    assertEquals(4, ledgerHours(warehouse, "local").size());

    // Over HTTP the sizes are not known before the download: an hour per unit.
    try (HourServer server = new HourServer()) {
      for (String hour : List.of("2021-07-21-6", "2021-07-21-7")) {
        server.on(hour, new HourServer.Body(Files.readAllBytes(Samples.file(hour))));
      }
      Path other = dir.resolve("http");
      GhEventsPipeline.Outcome http =
          Runs.run(
              other,
              "--hours=2021-07-21-6..2021-07-21-7",
              "--source=" + server.baseUrl(),
              "--loadId=http");
      assertTrue(http.succeeded(), http.failure());
      assertEquals(2, commits(Runs.warehouse(other), "http"));
      assertEveryEventOnce(Runs.warehouse(other), 400);
    }
  }

  @Test
  void aRangeKilledAfterTwoCommitsLoadsOnlyTheRestWhenStartedAgain(@TempDir Path dir)
      throws Exception {
    ChildRun killed =
        ChildRun.start(
            dir.resolve("killed.log"), PausePoint.COMMITTED + "#2", args(dir, "--loadId=killed"));
    killed.awaitOutput("ghevents: paused at committed#2", Duration.ofMinutes(3));
    assertEquals(137, killed.kill(), "SIGKILL");
    String warehouse = Runs.warehouse(dir);
    assertEquals(List.of("2021-07-21-6", "2021-07-21-7"), ledgerHours(warehouse, "killed"));

    // What a run killed while writing the lake leaves, a day later.
    plantStaleParts(dir, "dead");

    ChildRun nextRun = ChildRun.start(dir.resolve("next.log"), null, args(dir, "--loadId=next"));
    assertEquals(0, nextRun.waitFor(Duration.ofMinutes(3)), nextRun.output());
    assertThat(
        nextRun.output(),
        containsString(
            "Deleted the part files of 1 load(s) under " + dir.resolve("lake") + "/tmp untouched"));
    assertFalse(Files.exists(dir.resolve("lake/tmp/dead")));
    assertEquals(List.of("2021-07-21-8", "2021-07-21-9"), ledgerHours(warehouse, "next"));
    assertThat(
        nextRun.output(), containsString("hour 2/2 2021-07-21-9 loaded: 200 lines, 200 new"));
    assertEveryEventOnce(warehouse, 800);

    plantStaleParts(dir, "dead_too");
    GhEventsPipeline.Outcome again = Runs.run(dir, FOUR_HOURS, SOURCE, "--loadId=again");
    assertTrue(again.succeeded(), again.failure());
    assertEquals(List.of(), again.summary().hours(), "every hour is loaded: nothing is read");
    assertFalse(
        Files.exists(dir.resolve("lake/tmp/dead_too")), "a run with nothing to load cleans up too");
  }

  /** A part file of load {@code loadId}, its folders and it dated two days ago. */
  private static void plantStaleParts(Path dir, String loadId) throws Exception {
    PartFiles.write(
        dir.resolve("lake"),
        loadId,
        "push_events/date=2021-07-21/hour=6",
        4096,
        PartFiles.TWO_DAYS_AGO);
  }

  @Test
  void reloadReadsEveryHourAgainAndChangesNoStagingRow(@TempDir Path dir) {
    assertTrue(Runs.run(dir, FOUR_HOURS, SOURCE, "--loadId=first").succeeded());
    String warehouse = Runs.warehouse(dir);
    List<String> before = Warehouses.stagingRows(warehouse);

    GhEventsPipeline.Outcome reload =
        Runs.run(dir, FOUR_HOURS, SOURCE, "--loadId=reload", "--reload");
    assertTrue(reload.succeeded(), reload.failure());
    assertEquals(4, reload.summary().hours().size());
    for (LedgerEntry e : reload.summary().hours()) {
      assertEquals(0, e.rowsNew(), e.hour());
      assertEquals(200, e.rowsAlreadyPresent(), e.hour());
    }
    assertEquals(before, Warehouses.stagingRows(warehouse));
  }

  @ParameterizedTest
  @EnumSource(FailingWarehouse.Stage.class)
  void aStageThatFailsStopsTheRunAtItsHourSaysWhatIsRecordedAndTheNextRunGoesOn(
      FailingWarehouse.Stage stage, @TempDir Path dir) {
    String failing = "2021-07-21-7";
    GhEventsPipeline.Outcome failed =
        Runs.run(
            dir,
            Runs.CLOCK,
            w -> new FailingWarehouse(w, stage, failing),
            FOUR_HOURS,
            SOURCE,
            HOUR_UNITS,
            "--loadId=failed");
    assertFalse(failed.succeeded());
    String message = failed.failure();
    assertThat(message, containsString("hour 2021-07-21-7 (unit 2 of 4): "));
    assertThat(message, containsString(FailingWarehouse.message(stage, failing)));
    assertThat(message, containsString("Recorded in the ledger: 1 hour(s) of this load"));
    assertThat(message, containsString("not recorded: 2021-07-21-7 and after"));
    assertThat(message, containsString("2 later hour(s) not started"));
    String warehouse = Runs.warehouse(dir);
    assertEquals(List.of("2021-07-21-6"), ledgerHours(warehouse, "failed"));
    assertEquals(
        List.of("2021-07-21-6"), failed.summary().hours().stream().map(LedgerEntry::hour).toList());
    assertEveryEventOnce(warehouse, 200);

    GhEventsPipeline.Outcome next = Runs.run(dir, FOUR_HOURS, SOURCE, "--loadId=next");
    assertTrue(next.succeeded(), next.failure());
    assertEquals(
        List.of("2021-07-21-7", "2021-07-21-8", "2021-07-21-9"), ledgerHours(warehouse, "next"));
    assertEveryEventOnce(warehouse, 800);
  }

  @Test
  void anHourTooBigForTheHeapEndsTheRunWithinSecondsAndSaysWhichHour(@TempDir Path dir)
      throws Exception {
    // Hour 20 holds one event with 24 MB of payload: more than a 48 MB heap can hold at once.
    ObjectNode big = (ObjectNode) JSON.readTree(Samples.lines("2021-07-21-6").get(0));
    big.put("id", "90000000200");
    ((ObjectNode) big.get("payload")).put("blob", "y".repeat(24_000_000));
    Path source = dir.resolve("source");
    Samples.writeHour(source, "2021-07-21-6", Samples.lines("2021-07-21-6"));
    Samples.writeHour(source, "2021-07-21-20", List.of(JSON.writeValueAsString(big)));
    Samples.writeHour(source, "2021-07-21-21", Samples.lines("2021-07-21-7"));
    List<String> args = new ArrayList<>(args(dir, "--loadId=starved"));
    args.set(0, "--hours=2021-07-21-6,2021-07-21-20,2021-07-21-21");
    args.set(1, "--source=" + source);
    ChildRun starved = ChildRun.start(dir.resolve("starved.log"), null, "48m", args);
    assertEquals(1, starved.waitFor(Duration.ofMinutes(2)), starved.output());
    String log = starved.output();
    // "(Java heap space)" follows when the heap has room left for it.
    assertThat(
        log,
        containsString(
            "ghevents: the run failed: hour 2021-07-21-20 (unit 2 of 3): out of memory"));
    assertThat(log, containsString("JAVA_OPTS=-Xmx"));
    assertThat(log, containsString("Recorded in the ledger: 1 hour(s) of this load"));
    assertThat(log, containsString("1 later hour(s) not started"));
    assertThat(log, not(containsString("hour 2/3")));
    String warehouse = Runs.warehouse(dir);
    assertEquals(List.of("2021-07-21-6"), ledgerHours(warehouse, "starved"));
    assertEveryEventOnce(warehouse, 200);
  }
}
