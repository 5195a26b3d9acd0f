package dev.ghevents.run;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A local run's hours cut into units of work: each unit is fetched, landed and committed by a
 * pipeline of its own before the next starts, so memory is bounded by the unit, progress shows
 * after every commit, and a run that stops leaves the ledger saying where to resume.
 */
public final class RunUnits {
  /** Skipped hours are named one per line up to this many, then counted. */
  public static final int LOGGED_SKIPS = 24;

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
   * The units of a run, oldest hours first. Hours given up as missing are not fetched, so they all
   * go in the first unit, which records them at once.
   */
  public static List<Unit> plan(List<GhHour> load, List<GhHour> missing, int hoursPerUnit) {
    if (hoursPerUnit < 1) {
      throw new IllegalArgumentException("hoursPerUnit must be 1 or more, not " + hoursPerUnit);
    }
    List<Unit> units = new ArrayList<>();
    for (int from = 0; from < load.size(); from += hoursPerUnit) {
      List<GhHour> hours = load.subList(from, Math.min(load.size(), from + hoursPerUnit));
      units.add(
          new Unit(units.size() + 1, List.copyOf(hours), units.isEmpty() ? missing : List.of()));
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
