package dev.ghevents.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.warehouse.bigquery.CommitStatements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The cost model's output is the README's table ({@code make cost} prints it), the hourly path's
 * bill does not grow with history, and the commit lease's durations and make backfill's PARALLEL
 * hold against the modeled length of a commit.
 */
class CostModelTest {
  private static final String START = "<!-- make cost: start -->\n";
  private static final String END = "<!-- make cost: end -->";

  @Test
  void theReadmesTableIsWhatMakeCostPrints() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertTrue(start >= 0 && end > start, "README.md lacks the make cost markers");
    assertEquals(
        CostModel.render(),
        readme.substring(start + START.length(), end),
        "README.md's cost table is out of date: paste the output of make cost between the markers");
  }

  @Test
  void theHourlyPathIsFlatWithHistoryAndEveryCommitReadsOnlyItsOwnHours() {
    assertEquals(CostModel.hourlyPath(false), CostModel.hourlyPath(true), 1e-9);
    assertTrue(CostModel.total(true) > CostModel.total(false), "storage and the daily build grow");
    // A commit's bytes depend on its hours only: a day's is about 24 hours', not a year's.
    double hour = CostModel.commitBytes(1);
    double day = CostModel.commitBytes(24);
    assertTrue(day < 24 * hour && day > 6 * hour, hour + " " + day);
  }

  @Test
  void theLeaseOutlastsACommitAndTheWaitCoversABackfillBesideTheHourlyJob() {
    double day = CostModel.commitMinutes(24);
    assertTrue(
        CommitStatements.leaseHold().toMinutes() >= 5 * day,
        "a healthy day commit must never outlive its lease");
    assertTrue(
        CommitStatements.leaseWait().toMinutes() >= 2 * CostModel.worstWaitMinutes(),
        "the wait must cover PARALLEL day commits, the hourly one and a dead holder, twice over");
    assertTrue(
        CostModel.backfillParallel() * day <= CostModel.DAY_JOB_MINUTES,
        "PARALLEL day jobs must not queue at the commit longer than they take to load");
  }
}
