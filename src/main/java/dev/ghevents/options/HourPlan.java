package dev.ghevents.options;

import dev.ghevents.hours.AutoHours;
import dev.ghevents.hours.GhHour;
import dev.ghevents.hours.HourSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which hours the run loads.
 *
 * @param hours the hours to fetch and load (with {@code --hours=auto}, planned from the ledger)
 * @param auto whether {@code --hours=auto}
 * @param lookbackHours how far back {@code --hours=auto} looks
 * @param missingAfterHours how long after its end an unpublished hour is given up as missing
 * @param missingHours hours to record as missing, not fetched (planned by {@code --hours=auto})
 * @param coveredHours hours whose GH Archive file is the previous hour's, which this plan loads
 *     (the Pacific-time file of the hour daylight saving time ends holds two UTC hours): recorded
 *     with that hour, not fetched again
 */
public record HourPlan(
    List<GhHour> hours,
    boolean auto,
    int lookbackHours,
    int missingAfterHours,
    List<GhHour> missingHours,
    List<GhHour> coveredHours) {

  /** The {@code --hours} value that plans the hours from the ledger. */
  public static final String AUTO = "auto";

  public HourPlan {
    hours = List.copyOf(hours);
    missingHours = List.copyOf(missingHours);
    coveredHours = List.copyOf(coveredHours);
  }

  /** {@code hours} split into those to fetch and those their previous hour's file covers. */
  static HourPlan of(
      List<GhHour> hours, boolean auto, int lookback, int missingAfter, List<GhHour> missing) {
    Set<GhHour> all = new HashSet<>(hours);
    List<GhHour> fetched = new ArrayList<>();
    List<GhHour> covered = new ArrayList<>();
    for (GhHour h : hours) {
      if (h.sharesFileWithPreviousHour() && all.contains(h.plusHours(-1))) {
        covered.add(h);
      } else {
        fetched.add(h);
      }
    }
    return new HourPlan(fetched, auto, lookback, missingAfter, missing, covered);
  }

  /**
   * @throws InvalidOptionException naming the bad flag
   */
  static HourPlan from(SourceOptions options, Clock clock) {
    boolean auto = AUTO.equals(options.getHours() == null ? null : options.getHours().trim());
    List<GhHour> hours = List.of();
    if (!auto) {
      try {
        hours = HourSpec.resolve(options.getHours(), clock);
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionException("hours", e.getMessage());
      }
    }
    if (options.getLookbackHours() < 1 || options.getLookbackHours() > AutoHours.MAX_LOOKBACK) {
      throw new InvalidOptionException(
          "lookbackHours", "must be between 1 and " + AutoHours.MAX_LOOKBACK);
    }
    if (options.getMissingAfterHours() < 1) {
      throw new InvalidOptionException("missingAfterHours", "must be 1 or more");
    }
    return of(hours, auto, options.getLookbackHours(), options.getMissingAfterHours(), List.of());
  }

  /**
   * The same plan narrowed to {@code load}, with {@code missing} to record as missing; the covered
   * hours whose previous hour it still loads go with it.
   */
  public HourPlan with(List<GhHour> load, List<GhHour> missing) {
    Set<GhHour> loaded = new HashSet<>(load);
    return new HourPlan(
        load,
        auto,
        lookbackHours,
        missingAfterHours,
        missing,
        coveredHours.stream().filter(h -> loaded.contains(h.plusHours(-1))).toList());
  }
}
