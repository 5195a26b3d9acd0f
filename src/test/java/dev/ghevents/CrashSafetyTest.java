package dev.ghevents;

import static dev.ghevents.testing.Warehouses.rows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.testing.ChildRun;
import dev.ghevents.testing.PausePoint;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Warehouses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed with SIGKILL at each point where it could die (an hour fetched but nothing merged;
 * everything landed but the commit not started; inside the commit's transaction), then a normal
 * run: staging ends equal to a clean run's, row for row, and the ledger tells the truth. And two
 * runs on one DuckDB file at once: one yields with a message naming the other, no row twice.
 */
class CrashSafetyTest {
  private static final String HOURS = "--hours=2021-07-21-6..2021-07-21-9";
  private static final String SOURCE = "--source=samples";

  @TempDir static Path cleanDir;
  private static List<String> clean;

  @BeforeAll
  static void aCleanRun() {
    GhEventsPipeline.Outcome outcome = Runs.run(cleanDir, HOURS, SOURCE);
    assertTrue(outcome.succeeded(), outcome.failure());
    clean = Warehouses.stagingRows(Runs.warehouse(cleanDir));
    assertEquals(800, clean.size());
  }

  private static List<String> args(Path dir, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of(HOURS, SOURCE));
    args.add("--lake=" + dir.resolve("lake"));
    args.add("--duckdbPath=" + Runs.warehouse(dir));
    args.addAll(List.of(more));
    return args;
  }

  @ParameterizedTest
  @ValueSource(strings = {PausePoint.FETCHED, PausePoint.LANDED, PausePoint.MERGING})
  void aRunKilledAnywhereLeavesStagingWholeAndTheNextRunCompletesIt(String point, @TempDir Path dir)
      throws Exception {
    ChildRun killed =
        ChildRun.start(dir.resolve("killed.log"), point, args(dir, "--loadId=killed"));
    killed.awaitOutput("ghevents: paused at " + point, Duration.ofMinutes(3));
    assertEquals(137, killed.kill(), "SIGKILL");

    String warehouse = Runs.warehouse(dir);
    GhEventsPipeline.Outcome next = Runs.run(dir, HOURS, SOURCE, "--loadId=next");
    assertTrue(next.succeeded(), next.failure());
    assertEquals(clean, Warehouses.stagingRows(warehouse), "staging equals a clean run's");
    // The killed run committed nothing: the next one merged every line, and says so.
    assertEquals(
        0,
        Warehouses.count(
            warehouse,
            "SELECT count(*) FROM gharchive_ops.ingest_ledger WHERE load_id = 'killed'"));
    assertEquals(800, next.summary().hours().stream().mapToLong(e -> e.rowsNew()).sum());
    assertEquals(
        0,
        Warehouses.count(
            warehouse,
            "SELECT count(*) FROM gharchive_staging.push_events WHERE load_id = 'killed'"));
    assertEquals(0, Warehouses.landingTablesInTheFile(warehouse));
  }

  @Test
  void twoRunsOnOneWarehouseAtOnceNeverDuplicateARowAndTheOneThatYieldsSaysWhy(@TempDir Path dir)
      throws Exception {
    // Run A holds the warehouse (stopped after landing, so it is surely still running).
    ChildRun a =
        ChildRun.start(dir.resolve("a.log"), PausePoint.LANDED, args(dir, "--loadId=run_a"));
    a.awaitOutput("ghevents: paused at " + PausePoint.LANDED, Duration.ofMinutes(3));
    ChildRun b = ChildRun.start(dir.resolve("b.log"), null, args(dir, "--loadId=run_b"));
    assertEquals(1, b.waitFor(Duration.ofMinutes(2)), b.output());
    assertThat(b.output(), containsString("is in use by run run_a (pid "));
    assertThat(b.output(), containsString("this run changed nothing"));
    a.kill();

    // Two runs started together: whichever gets the file loads, the other yields; no row twice.
    ChildRun c = ChildRun.start(dir.resolve("c.log"), null, args(dir, "--loadId=run_c"));
    ChildRun d = ChildRun.start(dir.resolve("d.log"), null, args(dir, "--loadId=run_d"));
    int exitC = c.waitFor(Duration.ofMinutes(3));
    int exitD = d.waitFor(Duration.ofMinutes(3));
    assertTrue(exitC == 0 || exitD == 0, c.output() + d.output());
    if (exitC != 0 || exitD != 0) {
      assertThat((exitC != 0 ? c : d).output(), containsString("is in use by"));
    }
    String warehouse = Runs.warehouse(dir);
    assertEquals(clean, Warehouses.stagingRows(warehouse));
    assertNotEquals(
        0, Warehouses.count(warehouse, "SELECT count(*) FROM gharchive_ops.ingest_ledger"));
    assertEquals(
        List.of(),
        rows(
            warehouse,
            "SELECT hour_name FROM gharchive_ops.ingest_ledger GROUP BY hour_name"
                + " HAVING sum(rows_new) != max(lines_read)"),
        "every hour's lines were merged new exactly once over all runs");
  }
}
