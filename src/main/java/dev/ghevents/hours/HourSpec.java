package dev.ghevents.hours;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The value of {@code --hours}: one hour ({@code 2024-01-01-15}), a comma list, or an inclusive
 * range {@code START..END}; items may be mixed ({@code 2015-01-01-12,2021-07-21-6..2021-07-21-9}).
 */
public final class HourSpec {
  private HourSpec() {}

  /**
   * Resolves the spec into distinct hours in time order.
   *
   * @param clock the current time: hours that have not ended yet cannot be published, so are
   *     refused
   * @throws IllegalArgumentException saying which item is wrong and why
   */
  public static List<GhHour> resolve(String spec, Clock clock) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "no hours given: use one hour (2024-01-01-15), a list (a,b) or a range (START..END)");
    }
    GhHour newestPublishable = GhHour.containing(Instant.now(clock)).plusHours(-1);
    TreeSet<GhHour> hours = new TreeSet<>();
    for (String item : spec.split(",", -1)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException("'" + spec + "' has an empty item between commas");
      }
      int dots = trimmed.indexOf("..");
      if (dots < 0) {
        hours.add(checked(GhHour.parse(trimmed), newestPublishable));
        continue;
      }
      GhHour first = checked(GhHour.parse(trimmed.substring(0, dots)), newestPublishable);
      GhHour last = checked(GhHour.parse(trimmed.substring(dots + 2)), newestPublishable);
      if (last.compareTo(first) < 0) {
        throw new IllegalArgumentException(
            "range '" + trimmed + "' ends before it starts: " + last + " is before " + first);
      }
      // No upper bound: a long range is a sequence of committed units that resumes where it stops.
      for (GhHour h = first; h.compareTo(last) <= 0; h = h.plusHours(1)) {
        hours.add(h);
      }
    }
    return new ArrayList<>(hours);
  }

  private static GhHour checked(GhHour hour, GhHour newestPublishable) {
    if (hour.compareTo(GhHour.FIRST_SUPPORTED) < 0) {
      throw new IllegalArgumentException(
          hour + " is before " + GhHour.FIRST_SUPPORTED + ", GH Archive's first hour");
    }
    if (hour.compareTo(newestPublishable) > 0) {
      throw new IllegalArgumentException(
          hour + " has not ended yet (the newest complete hour is " + newestPublishable + ")");
    }
    return hour;
  }
}
