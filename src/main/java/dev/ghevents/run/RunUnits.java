package dev.ghevents.run;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A local run's hours cut into units of work: each unit is fetched, landed and committed by a
 * pipeline of its own before the next starts, so memory is bounded by the unit, progress shows
 * after every commit, and a run that stops leaves the ledger saying where to resume.
 */
public final class RunUnits {
  /** Skipped hours are named one per line up to this many, then counted. */
  public static final int LOGGED_SKIPS = 24;

  /** The most hours a unit holds, whatever their size: a day. */
  public static final int MAX_HOURS_PER_UNIT = 24;

  /**
   * With {@code --hoursPerUnit=auto}, hours share a unit while their files add up to at most this
   * (gzipped, as GH Archive serves them). A unit's lines are held in memory at once, about 8 times
   * their gzipped size: 32 MB of files is about a third of one 2024 hour (97 MB, 750 MB of JSON),
   * so a shared unit never needs more memory than a big hour alone; and each unit costs about 1 s
   * of fixed work (a pipeline, a commit of 15 tables), which small hours (2011-2015, the samples)
   * would otherwise pay each.
   */
  public static final long AUTO_UNIT_BYTES = 32L << 20;

  private RunUnits() {}

  /**
   * One unit: the hours it fetches and loads, and those it only records as missing.
   *
   * @param index 1-based position of the unit in the run
   */
  public record Unit(int index, List<GhHour> load, List<GhHour> missing) {
    public List<String> hourNames() {
      List<String> names = new ArrayList<>();
      load.forEach(h -> names.add(h.name()));
      missing.forEach(h -> names.add(h.name()));
      return names;
    }

    /** The unit's first hour, oldest of what it loads or records. */
    public GhHour first() {
      if (missing.isEmpty()) {
        return load.get(0);
      }
      if (load.isEmpty()) {
        return missing.get(0);
      }
      return load.get(0).compareTo(missing.get(0)) <= 0 ? load.get(0) : missing.get(0);
    }
  }

  /**
   * The units of a run, oldest hours first, {@code hoursPerUnit} hours each. Hours given up as
   * missing are not fetched, so they all go in the first unit, which records them at once.
   */
  public static List<Unit> plan(List<GhHour> load, List<GhHour> missing, int hoursPerUnit) {
    if (hoursPerUnit < 1) {
      throw new IllegalArgumentException("hoursPerUnit must be 1 or more, not " + hoursPerUnit);
    }
    return plan(load, missing, hours -> hoursPerUnit);
  }

  /**
   * The units of a run by the sizes of the hours' files ({@code --hoursPerUnit=auto}): consecutive
   * hours share a unit while their files add up to at most {@link #AUTO_UNIT_BYTES} and {@link
   * #MAX_HOURS_PER_UNIT} hours; an hour whose size is not known before the fetch (null: a download)
   * or is over the limit is a unit of its own, as it would be with one hour per unit.
   *
   * @param knownSize the size of an hour's file in bytes, or null when it is not known
   */
  public static List<Unit> planBySize(
      List<GhHour> load, List<GhHour> missing, Function<GhHour, Long> knownSize) {
    return plan(
        load,
        missing,
        rest -> {
          long bytes = 0;
          int n = 0;
          for (GhHour hour : rest) {
            Long size = knownSize.apply(hour);
            if (size == null || bytes + size > AUTO_UNIT_BYTES || n == MAX_HOURS_PER_UNIT) {
              break;
            }
            bytes += size;
            n++;
          }
          return Math.max(1, n);
        });
  }

  /**
   * @param next how many of the remaining hours (never empty) the next unit takes, at least one
   */
  private static List<Unit> plan(
      List<GhHour> load, List<GhHour> missing, Function<List<GhHour>, Integer> next) {
    List<Unit> units = new ArrayList<>();
    for (int from = 0; from < load.size(); ) {
      List<GhHour> rest = load.subList(from, load.size());
      int n = Math.min(rest.size(), next.apply(rest));
      units.add(
          new Unit(
              units.size() + 1,
              List.copyOf(rest.subList(0, n)),
              units.isEmpty() ? missing : List.of()));
      from += n;
    }
    if (units.isEmpty() && !missing.isEmpty()) {
      units.add(new Unit(1, List.of(), List.copyOf(missing)));
    }
    return units;
  }

  /**
   * What a person needs when unit {@code failed} stops the run: which hour, why, what is recorded
   * and what is not, and how to go on.
   *
   * @param committed what the load has committed, from the ledger, or null if nothing
   */
  public static String failureMessage(
      Unit failed, List<Unit> units, String cause, LoadSummary committed) {
    Set<String> recorded =
        committed == null
            ? Set.of()
            : committed.hours().stream().map(LedgerEntry::hour).collect(Collectors.toSet());
    boolean unitCommitted = recorded.containsAll(failed.hourNames());
    int after = 0;
    for (Unit u : units) {
      if (u.index() > failed.index()) {
        after += u.load().size() + u.missing().size();
      }
    }
    StringBuilder m = new StringBuilder();
    m.append(failed.hourNames().size() == 1 ? "hour " : "hours ")
        .append(String.join(", ", failed.hourNames()))
        .append(" (unit ")
        .append(failed.index())
        .append(" of ")
        .append(units.size())
        .append("): ")
        .append(cause)
        .append(". Recorded in the ledger: ")
        .append(recorded.size())
        .append(" hour(s) of this load");
    if (unitCommitted) {
      m.append(", these hours included (their rows and dead letters are committed)");
    } else {
      m.append("; not recorded: ").append(failed.first()).append(" and after");
    }
    if (after > 0) {
      m.append("; ").append(after).append(" later hour(s) not started");
    }
    m.append(
        ". Running the same command again skips the hours the ledger shows as loaded and goes on"
            + " from there.");
    return m.toString();
  }
}
