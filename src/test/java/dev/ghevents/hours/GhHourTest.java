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
  void beforeIn2015TheArchiveNamesItsFilesByPacificTime() {
    // Winter (PST, -08:00) and summer (PDT, -07:00).
    assertEquals("2013-01-16-0", GhHour.parse("2013-01-16-8").archiveName());
    assertEquals("2014-06-01-1", GhHour.parse("2014-06-01-8").archiveName());
    assertEquals("2013-01-15-19.json.gz", GhHour.parse("2013-01-16-3").fileName());
    assertEquals("2013-01-15", GhHour.parse("2013-01-16-3").archiveDate());
    // The last Pacific-named hour, then UTC names.
    assertEquals("2014-12-31-15", GhHour.parse("2014-12-31-23").archiveName());
    assertEquals("2015-01-01-0", GhHour.parse("2015-01-01-0").archiveName());
    assertEquals("2024-01-01-5.json.gz", GhHour.parse("2024-01-01-5").fileName());
  }

  @Test
  void daylightSavingTimeGivesOneFileTwoHoursAndOneNameNoHour() {
    // 2012-11-04 01:00 PDT and 01:00 PST are both hour 1: one file holds two UTC hours.
    GhHour eight = GhHour.parse("2012-11-04-8");
    GhHour nine = GhHour.parse("2012-11-04-9");
    assertEquals("2012-11-04-1", eight.archiveName());
    assertEquals("2012-11-04-1", nine.archiveName());
    assertEquals(false, eight.sharesFileWithPreviousHour());
    assertEquals(true, nine.sharesFileWithPreviousHour());
    assertEquals("2012-11-04-2", GhHour.parse("2012-11-04-10").archiveName());
    // 2013-03-10 skips 02:00 local: no UTC hour is in a file named 2013-03-10-2.
    assertEquals("2013-03-10-1", GhHour.parse("2013-03-10-9").archiveName());
    assertEquals("2013-03-10-3", GhHour.parse("2013-03-10-10").archiveName());
    assertEquals(false, GhHour.parse("2013-03-10-10").sharesFileWithPreviousHour());
    assertEquals(false, GhHour.parse("2024-01-01-0").sharesFileWithPreviousHour());
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
