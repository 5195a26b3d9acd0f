package dev.ghevents.hours;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GhHourTest {

  @Test
  void namesHoursWithoutPaddingAsGhArchiveDoes() {
    for (int h = 0; h <= 23; h++) {
      GhHour hour = GhHour.parse("2024-01-01-" + h);
      assertEquals("2024-01-01-" + h, hour.name());
      assertEquals("2024-01-01-" + h + ".json.gz", hour.fileName());
      assertEquals(h, hour.hourOfDay());
      assertEquals(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * h), hour.start());
    }
  }

  @Test
  void refusesAZeroPaddedHourAndSaysTheRightName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GhHour.parse("2024-01-01-05"));
    assertThat(e.getMessage(), containsString("zero-padded"));
    assertThat(e.getMessage(), containsString("write 2024-01-01-5"));
  }

  @Test
  void refusesWhatIsNotAnHour() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GhHour.parse("2024-01-01T05"))
            .getMessage(),
        containsString("YYYY-MM-DD-H"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GhHour.parse("2024-01-01-24"))
            .getMessage(),
        containsString("hours are 0 to 23"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> GhHour.parse("2023-02-30-1"))
            .getMessage(),
        containsString("no such date"));
  }

  @Test
  void stepsAcrossMidnightAndMonthEnds() {
    assertEquals("2024-03-01-0", GhHour.parse("2024-02-29-23").plusHours(1).name());
    assertEquals("2023-12-31-23", GhHour.parse("2024-01-01-0").plusHours(-1).name());
  }
}
