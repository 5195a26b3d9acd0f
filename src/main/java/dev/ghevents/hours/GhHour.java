package dev.ghevents.hours;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GH Archive hour, named as GH Archive names its files: {@code YYYY-MM-DD-H} in UTC, with the
 * hour NOT zero-padded ({@code 2024-01-01-5}); a padded name is a 404 there, so it is refused here.
 */
public final class GhHour implements Comparable<GhHour>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})-(\\d{1,2})");

  /**
   * The first hour in the events-API format; older hours use the timeline format we do not map yet.
   */
  public static final GhHour FIRST_SUPPORTED = new GhHour(Instant.parse("2015-01-01T00:00:00Z"));

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

  /** GH Archive's file name of this hour, e.g. {@code 2024-01-01-5.json.gz}. */
  public String fileName() {
    return name() + ".json.gz";
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
