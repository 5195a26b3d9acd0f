package dev.ghevents.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunUnitsTest {
  private static List<GhHour> hours(String first, int n) {
    List<GhHour> hours = new ArrayList<>();
    for (GhHour h = GhHour.parse(first); hours.size() < n; h = h.plusHours(1)) {
      hours.add(h);
    }
    return hours;
  }

  private static LedgerEntry loaded(String hour, long lines) {
    return new LedgerEntry(hour, "src", "loaded", lines, lines - 2, 1, 1, 0, 10, "l", null);
  }

  @Test
  void hoursAreCutIntoUnitsInOrderAndMissingHoursGoFirst() {
    List<GhHour> missing = hours("2024-01-01-0", 2);
    List<RunUnits.Unit> units = RunUnits.plan(hours("2024-01-02-0", 5), missing, 2);
    assertEquals(3, units.size());
    assertEquals(
        List.of("2024-01-02-0", "2024-01-02-1", "2024-01-01-0", "2024-01-01-1"),
        units.get(0).hourNames());
    assertEquals(GhHour.parse("2024-01-01-0"), units.get(0).first());
    assertEquals(List.of("2024-01-02-4"), units.get(2).hourNames());
    assertEquals(3, units.get(2).index());
    assertEquals(1, RunUnits.plan(List.of(), missing, 1).size(), "missing hours alone: one unit");
    assertEquals(List.of(), RunUnits.plan(List.of(), List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> RunUnits.plan(missing, List.of(), 0));
  }

  @Test
  void byDefaultHoursShareAUnitUpToTheSizeLimitAndAnHourOfUnknownSizeIsAlone() {
    long mb = 1 << 20;
    List<GhHour> load = hours("2015-01-01-0", 9);
    // 10 + 10 + 10 MB share a unit; 10 more would pass 32 MB; an unknown size (a download) and an
    // hour over the limit are alone; the last two share the last unit.
    List<Long> sizes = List.of(10 * mb, 10 * mb, 10 * mb, 10 * mb, 3 * mb, -1L, 97 * mb, mb, mb);
    List<GhHour> missing = hours("2014-12-31-0", 1);
    List<RunUnits.Unit> units =
        RunUnits.planBySize(
            load,
            missing,
            h -> {
              long size = sizes.get(load.indexOf(h));
              return size < 0 ? null : size;
            });
    assertEquals(
        List.of(
            List.of("2015-01-01-0", "2015-01-01-1", "2015-01-01-2", "2014-12-31-0"),
            List.of("2015-01-01-3", "2015-01-01-4"),
            List.of("2015-01-01-5"),
            List.of("2015-01-01-6"),
            List.of("2015-01-01-7", "2015-01-01-8")),
        units.stream().map(RunUnits.Unit::hourNames).toList());
    assertEquals(List.of(1, 2, 3, 4, 5), units.stream().map(RunUnits.Unit::index).toList());
  }

  @Test
  void aUnitHoldsADayAtMostHoweverSmallItsHours() {
    List<RunUnits.Unit> units =
        RunUnits.planBySize(hours("2011-02-12-0", 50), List.of(), h -> 1000L);
    assertEquals(List.of(24, 24, 2), units.stream().map(u -> u.load().size()).toList());
    assertEquals(
        List.of(),
        RunUnits.planBySize(List.of(), List.of(), h -> 1000L),
        "nothing to load or record: no unit");
  }

  @Test
  void theFailureMessageSaysWhatIsRecordedAndWhatIsNot() {
    List<RunUnits.Unit> units = RunUnits.plan(hours("2024-03-01-0", 4), List.of(), 1);
    LoadSummary committed = new LoadSummary("l", List.of(loaded("2024-03-01-0", 10)), List.of());
    String m = RunUnits.failureMessage(units.get(1), units, "disk full", committed);
    assertThat(m, containsString("hour 2024-03-01-1 (unit 2 of 4): disk full."));
    assertThat(m, containsString("Recorded in the ledger: 1 hour(s) of this load;"));
    assertThat(m, containsString("not recorded: 2024-03-01-1 and after; 2 later hour(s)"));

    LoadSummary both =
        new LoadSummary(
            "l", List.of(loaded("2024-03-01-0", 10), loaded("2024-03-01-1", 10)), List.of());
    String budget = RunUnits.failureMessage(units.get(1), units, "too many", both);
    assertThat(budget, containsString("these hours included"));
    assertThat(budget, not(containsString("not recorded")));
    String last = RunUnits.failureMessage(units.get(3), units, "x", null);
    assertThat(last, containsString("Recorded in the ledger: 0 hour(s)"));
    assertThat(last, not(containsString("later hour(s)")));
  }

  @Test
  void theProgressLineCountsHoursAndEstimatesTheRest() {
    String line =
        RunProgress.line(7, 24, loaded("2024-03-01-6", 203_114), 41.2, Duration.ofMinutes(12));
    assertEquals(
        "hour 7/24 2024-03-01-6 loaded: 203,114 lines, 203,112 new, 1 present, 1 dead letters"
            + " (41 s); about 12 min left",
        line);
    assertEquals(
        "hour 24/24 2024-03-01-6 loaded: 10 lines, 8 new, 1 present, 1 dead letters (3 s)",
        RunProgress.line(24, 24, loaded("2024-03-01-6", 10), 3, Duration.ZERO));
    assertEquals("45 s", RunProgress.human(Duration.ofSeconds(45)));
    assertEquals("3.5 h", RunProgress.human(Duration.ofMinutes(210)));
    assertEquals("4.2 days", RunProgress.human(Duration.ofHours(100)));
  }

  @Test
  void theHoursOfAUnitShareOneEstimateToldOnItsLastLine() {
    RunProgress progress = new RunProgress(6);
    LoadSummary load =
        new LoadSummary(
            "l",
            List.of(
                loaded("2024-03-01-0", 5), loaded("2024-03-01-1", 6), loaded("2024-03-01-2", 7)),
            List.of());
    List<String> lines = progress.committed(load, List.of("2024-03-01-1", "2024-03-01-2"));
    assertEquals(2, lines.size());
    assertThat(lines.get(0), containsString("hour 1/6 2024-03-01-1 loaded: 6 lines"));
    assertThat(lines.get(0), not(containsString("left")));
    assertThat(lines.get(1), containsString("hour 2/6 2024-03-01-2 loaded: 7 lines"));
    assertThat(lines.get(1), containsString(" left"));
    List<String> last = progress.committed(load, List.of("2024-03-01-0"));
    assertThat(last.get(0), containsString("hour 3/6 2024-03-01-0"));
    assertThat(last.get(0), containsString(" left"));
  }
}
