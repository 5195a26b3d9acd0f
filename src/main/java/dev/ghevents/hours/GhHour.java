package dev.ghevents.hours;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hour of UTC time, named {@code YYYY-MM-DD-H} with the hour NOT zero-padded ({@code
 * 2024-01-01-5}), as GH Archive names its files (a padded name is a 404 there, so it is refused
 * here). From 2015 GH Archive's file of the hour has the same name; before 2015 its files are named
 * by US Pacific local time ({@link #archiveName}).
 */
public final class GhHour implements Comparable<GhHour>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})-(\\d{1,2})");

  /** GH Archive's first hour. */
  public static final GhHour FIRST_SUPPORTED = new GhHour(Instant.parse("2011-02-12T00:00:00Z"));

  /** Hours before this one are in files named by US Pacific local time (the timeline era). */
  public static final Instant UTC_NAMES_FROM = Instant.parse("2015-01-01T00:00:00Z");

  /** The time zone GH Archive named its files in before 2015. */
  public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

  private final Instant start;

  private GhHour(Instant start) {
    this.start = start;
  }

  /** The hour that starts at {@code start}, which must be on the hour. */
  public static GhHour ofStart(Instant start) {
    if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
      throw new IllegalArgumentException(start + " is not the start of an hour");
    }
    return new GhHour(start);
  }

  /** The hour that contains {@code instant}. */
  public static GhHour containing(Instant instant) {
    return new GhHour(instant.truncatedTo(ChronoUnit.HOURS));
  }

  /**
   * Parses a GH Archive hour name.
   *
   * @throws IllegalArgumentException with a message that says what is wrong with {@code name}
   */
  public static GhHour parse(String name) {
    Matcher m = NAME.matcher(name.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not an hour: write YYYY-MM-DD-H, e.g. 2024-01-01-15 or 2024-01-01-5");
    }
    String hourText = m.group(2);
    if (hourText.length() == 2 && hourText.charAt(0) == '0') {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' has a zero-padded hour: GH Archive names hours without padding, write "
              + m.group(1)
              + "-"
              + Integer.parseInt(hourText));
    }
    int hour = Integer.parseInt(hourText);
    if (hour > 23) {
      throw new IllegalArgumentException("'" + name + "' has hour " + hour + ": hours are 0 to 23");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(m.group(1));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + name + "' has no such date: " + m.group(1), e);
    }
    return new GhHour(date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS));
  }

  public Instant start() {
    return start;
  }

  public GhHour plusHours(long hours) {
    return new GhHour(start.plus(hours, ChronoUnit.HOURS));
  }

  /** The UTC date, {@code YYYY-MM-DD}. */
  public String date() {
    return start.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The hour of the day, 0 to 23. */
  public int hourOfDay() {
    return start.atOffset(ZoneOffset.UTC).getHour();
  }

  /** GH Archive's name of this hour, e.g. {@code 2024-01-01-5}. */
  public String name() {
    return date() + "-" + hourOfDay();
  }

  /** Whether GH Archive's file of this hour is named by US Pacific local time (before 2015). */
  public boolean isPacificNamed() {
    return start.isBefore(UTC_NAMES_FROM);
  }

  /**
   * The name of GH Archive's file that holds this hour: {@link #name} from 2015; before, the
   * Pacific local hour it starts in ({@code 2013-01-16-8} UTC is in {@code 2013-01-16-0}, 00:00
   * -08:00). Where daylight saving time ends, two UTC hours are in one file ({@code 2012-11-04-8}
   * and {@code -9} in {@code 2012-11-04-1}: see {@link #sharesFileWithPreviousHour}); where it
   * starts, one local name belongs to no UTC hour ({@code 2013-03-10-2}).
   */
  public String archiveName() {
    if (!isPacificNamed()) {
      return name();
    }
    var local = start.atZone(PACIFIC);
    return local.toLocalDate() + "-" + local.getHour();
  }

  /** The date part of {@link #archiveName}, {@code YYYY-MM-DD}. */
  public String archiveDate() {
    String name = archiveName();
    return name.substring(0, name.lastIndexOf('-'));
  }

  /** Whether this hour's file is the previous hour's too (the hour daylight saving time ends). */
  public boolean sharesFileWithPreviousHour() {
    return isPacificNamed() && archiveName().equals(plusHours(-1).archiveName());
  }

  /** GH Archive's file name of this hour, e.g. {@code 2024-01-01-5.json.gz}. */
  public String fileName() {
    return archiveName() + ".json.gz";
  }

  @Override
  public int compareTo(GhHour other) {
    return start.compareTo(other.start);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GhHour && ((GhHour) o).start.equals(start);
  }

  @Override
  public int hashCode() {
    return start.hashCode();
  }

  @Override
  public String toString() {
    return name();
  }
}
