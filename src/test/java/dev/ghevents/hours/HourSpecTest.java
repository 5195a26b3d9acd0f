package dev.ghevents.hours;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghevents.testing.Runs;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourSpecTest {

  private static List<String> names(String spec) {
    return HourSpec.resolve(spec, Runs.CLOCK).stream().map(GhHour::name).toList();
  }

  private static String error(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> HourSpec.resolve(spec, Runs.CLOCK))
        .getMessage();
  }

  @Test
  void oneHour() {
    assertEquals(List.of("2024-01-01-15"), names("2024-01-01-15"));
  }

  @Test
  void aListIsSortedAndDeduplicated() {
    assertEquals(
        List.of("2021-07-21-6", "2024-01-01-5"), names("2024-01-01-5, 2021-07-21-6,2024-01-01-5"));
  }

  @Test
  void aRangeIsInclusiveAndCrossesMidnight() {
    assertEquals(
        List.of("2024-01-01-22", "2024-01-01-23", "2024-01-02-0", "2024-01-02-1"),
        names("2024-01-01-22..2024-01-02-1"));
  }

  @Test
  void listsAndRangesMix() {
    assertEquals(
        List.of("2015-01-01-12", "2021-07-21-6", "2021-07-21-7", "2021-07-21-8", "2021-07-21-9"),
        names("2015-01-01-12,2021-07-21-6..2021-07-21-9"));
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() {
    assertThat(error("2024-01-02-0..2024-01-01-23"), containsString("ends before it starts"));
  }

  @Test
  void hoursBeforeGhArchivesFirstAreRefusedAndTheTimelineEraIsAccepted() {
    assertThat(
        error("2011-02-11-23"), containsString("before 2011-02-12-0, GH Archive's first hour"));
    assertEquals(
        List.of("2011-02-12-0", "2014-12-31-23", "2015-01-01-0"),
        names("2011-02-12-0,2014-12-31-23..2015-01-01-0"));
  }

  @Test
  void hoursThatHaveNotEndedAreRefused() {
    // The tests' clock says 2026-11-24 12:30 UTC: hour 11 is complete, hour 12 is not.
    assertEquals(List.of("2026-11-24-11"), names("2026-11-24-11"));
    assertThat(error("2026-11-24-12"), containsString("has not ended yet"));
  }

  @Test
  void emptyItemsAndEmptySpecsAreRefused() {
    assertThat(error("2024-01-01-1,,2024-01-01-2"), containsString("empty item"));
    assertThat(error(" "), containsString("no hours given"));
  }

  @Test
  void aPaddedHourInsideARangeIsRefused() {
    assertThat(error("2024-01-01-01..2024-01-01-3"), containsString("zero-padded"));
  }

  @Test
  void aRangeOfTenThousandHoursIsPlannedNotRefused() {
    List<String> hours = names("2024-01-01-0..2025-02-20-15");
    assertEquals(10_000, hours.size());
    assertEquals("2024-01-01-0", hours.get(0));
    assertEquals("2025-02-20-15", hours.get(9_999));
  }
}
