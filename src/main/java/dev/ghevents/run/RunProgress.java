package dev.ghevents.run;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line a local run logs after each committed hour, with how far it is and an estimate of the
 * time left from the pace so far: {@code hour 7/24 2024-03-01-6 loaded: 203,114 lines, 203,101 new,
 * 13 present, 0 dead letters (41 s); about 12 min left}.
 */
public final class RunProgress {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);

  private final int totalHours;
  private final long startedNanos;
  private long unitStartedNanos;
  private int done;

  public RunProgress(int totalHours) {
    this.totalHours = totalHours;
    this.startedNanos = System.nanoTime();
    this.unitStartedNanos = startedNanos;
  }

  public int totalHours() {
    return totalHours;
  }

  /** Logs the hours of a unit just committed, from the load's ledger rows; returns the lines. */
  public List<String> committed(LoadSummary load, List<String> unitHours) {
    long now = System.nanoTime();
    List<LedgerEntry> entries =
        load.hours().stream().filter(e -> unitHours.contains(e.hour())).toList();
    double unitSeconds = (now - unitStartedNanos) / 1e9 / Math.max(1, entries.size());
    // The hours of a unit are committed at once, so the estimate is made once, after all of them,
    // and told on the unit's last line.
    Duration left = remaining(now, done + entries.size());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      done++;
      lines.add(
          line(
              done,
              totalHours,
              entries.get(i),
              unitSeconds,
              i == entries.size() - 1 ? left : null));
      LOG.info(lines.get(i));
    }
    unitStartedNanos = now;
    return lines;
  }

  private Duration remaining(long now, int doneAfter) {
    if (doneAfter == 0) {
      return null;
    }
    double perHour = (now - startedNanos) / (double) doneAfter;
    return Duration.ofNanos((long) (perHour * (totalHours - doneAfter)));
  }

  static String line(int n, int total, LedgerEntry e, double seconds, Duration left) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "hour %d/%d %s %s: %,d lines, %,d new, %,d present, %,d dead letters",
                n,
                total,
                e.hour(),
                e.status(),
                e.linesRead(),
                e.rowsNew(),
                e.rowsAlreadyPresent(),
                e.deadLetters()));
    if (e.rowsSkipped() > 0) {
      s.append(String.format(Locale.ROOT, ", %,d skipped", e.rowsSkipped()));
    }
    s.append(String.format(Locale.ROOT, " (%.0f s)", seconds));
    if (left != null && n < total) {
      s.append("; about ").append(human(left)).append(" left");
    }
    return s.toString();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 90) {
      return s + " s";
    }
    if (s < 90 * 60) {
      return Math.round(s / 60.0) + " min";
    }
    if (s < 48 * 3600) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
    return String.format(Locale.ROOT, "%.1f days", s / 86400.0);
  }
}
