package dev.ghevents.hours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoHoursTest {
  private static final Instant NOW = Instant.parse("2024-01-02T03:20:00Z");

  private static List<String> names(List<GhHour> hours) {
    return hours.stream().map(GhHour::name).toList();
  }

  @Test
  void theWindowEndsWithTheNewestCompleteHour() {
    AutoHours.Plan plan = AutoHours.plan(NOW, 3, 24, Map.of());
    assertEquals(List.of("2024-01-02-0", "2024-01-02-1", "2024-01-02-2"), names(plan.load()));
    assertEquals(List.of(), plan.giveUp());
  }

  @Test
  void doneHoursAreSkippedFailedAndPendingOnesTriedAgain() {
    Map<String, Set<String>> ledger =
        Map.of(
            "2024-01-01-22", Set.of("loaded"),
            "2024-01-01-23", Set.of("pending", "corrupt"),
            "2024-01-02-0", Set.of("failed"),
            "2024-01-02-1", Set.of("pending"),
            "2024-01-02-2", Set.of("missing"));
    AutoHours.Plan plan = AutoHours.plan(NOW, 5, 24, ledger);
    assertEquals(List.of("2024-01-02-0", "2024-01-02-1"), names(plan.load()));
  }

  @Test
  void aPendingHourPastTheGracePeriodIsGivenUpButANeverTriedOneIsTried() {
    Map<String, Set<String>> ledger =
        Map.of("2024-01-01-1", Set.of("pending"), "2024-01-01-2", Set.of("pending"));
    // 2024-01-01-1 ended 25 h 20 min before NOW, 2024-01-01-2 24 h 20 min, 2024-01-01-3 23 h 20.
    AutoHours.Plan plan = AutoHours.plan(NOW, 27, 25, ledger);
    assertEquals(List.of("2024-01-01-1"), names(plan.giveUp()));
    assertEquals("2024-01-01-0", plan.load().get(0).name(), "never tried: fetched, not given up");
    assertEquals("2024-01-01-2", plan.load().get(1).name());
  }

  @Test
  void theWindowNeverReachesBeforeGhArchivesFirstHour() {
    AutoHours.Plan plan = AutoHours.plan(Instant.parse("2011-02-12T01:10:00Z"), 48, 24, Map.of());
    assertEquals(List.of("2011-02-12-0"), names(plan.load()));
  }
}
