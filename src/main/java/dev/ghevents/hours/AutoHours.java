package dev.ghevents.hours;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --hours=auto} loads: the hours of the catch-up window that the ledger does not show
 * as done. Done means {@code loaded} or {@code corrupt} (its readable lines were loaded; GH
 * Archive's damaged files stay damaged) or {@code missing}. An hour still not published {@code
 * missingAfterHours} after it ended is recorded as {@code missing} instead of being tried again.
 */
public final class AutoHours {
  private static final Set<String> DONE = Set.of("loaded", "corrupt", "missing");

  /** The longest catch-up window: a year of hours is a backfill, not a catch-up. */
  public static final int MAX_LOOKBACK = 24 * 366;

  private AutoHours() {}

  /**
   * @param load the hours to fetch and load, oldest first
   * @param giveUp the hours to record as {@code missing}, not fetched
   */
  public record Plan(List<GhHour> load, List<GhHour> giveUp) {
    public boolean isEmpty() {
      return load.isEmpty() && giveUp.isEmpty();
    }
  }

  /** The first hour of the window ending with the newest complete hour at {@code now}. */
  public static GhHour windowStart(Instant now, int lookbackHours) {
    GhHour first = newestComplete(now).plusHours(1L - lookbackHours);
    return first.compareTo(GhHour.FIRST_SUPPORTED) < 0 ? GhHour.FIRST_SUPPORTED : first;
  }

  public static GhHour newestComplete(Instant now) {
    return GhHour.containing(now).plusHours(-1);
  }

  /**
   * @param statuses every status the ledger holds for each hour name of the window
   */
  public static Plan plan(
      Instant now, int lookbackHours, int missingAfterHours, Map<String, Set<String>> statuses) {
    List<GhHour> load = new ArrayList<>();
    List<GhHour> giveUp = new ArrayList<>();
    GhHour newest = newestComplete(now);
    for (GhHour h = windowStart(now, lookbackHours); h.compareTo(newest) <= 0; h = h.plusHours(1)) {
      Set<String> seen = statuses.getOrDefault(h.name(), Set.of());
      if (seen.stream().anyMatch(DONE::contains)) {
        continue;
      }
      Instant ended = h.plusHours(1).start();
      boolean overdue = Duration.between(ended, now).toHours() >= missingAfterHours;
      if (overdue && seen.contains("pending")) {
        giveUp.add(h);
      } else {
        load.add(h);
      }
    }
    return new Plan(List.copyOf(load), List.copyOf(giveUp));
  }
}
