package dev.ghevents.load;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.Locale;

/** The table a run prints at the end: per hour, per event table, and where to look. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String format(LoadSummary summary, String lake, String warehouse) {
    StringBuilder out = new StringBuilder();
    out.append("\nLoad ").append(summary.loadId()).append("\n\n");
    String hourRow = "%-15s %-8s %10s %10s %10s %8s %8s%n";
    out.append(
        String.format(
            Locale.ROOT, hourRow, "hour", "status", "lines", "new", "present", "dead", "skipped"));
    long lines = 0;
    long rowsNew = 0;
    long present = 0;
    long dead = 0;
    long skipped = 0;
    for (LedgerEntry e : summary.hours()) {
      out.append(
          String.format(
              Locale.ROOT,
              hourRow,
              e.hour(),
              e.status(),
              e.linesRead(),
              e.rowsNew(),
              e.rowsAlreadyPresent(),
              e.deadLetters(),
              e.rowsSkipped()));
      lines += e.linesRead();
      rowsNew += e.rowsNew();
      present += e.rowsAlreadyPresent();
      dead += e.deadLetters();
      skipped += e.rowsSkipped();
    }
    out.append(
        String.format(Locale.ROOT, hourRow, "total", "", lines, rowsNew, present, dead, skipped));
    for (LedgerEntry e : summary.hours()) {
      if (e.message() != null) {
        out.append("  ").append(e.hour()).append(": ").append(e.message()).append('\n');
      }
    }
    out.append('\n');
    String tableRow = "%-36s %10s %10s%n";
    out.append(String.format(Locale.ROOT, tableRow, "event table", "new", "present"));
    for (LoadSummary.TableCount t : summary.tables()) {
      out.append(
          String.format(Locale.ROOT, tableRow, t.table(), t.rowsNew(), t.rowsAlreadyPresent()));
    }
    out.append('\n');
    out.append("Lake:      ").append(lake).append('\n');
    out.append("Warehouse: ").append(warehouse).append('\n');
    out.append(
        "Look at:   gharchive_staging.<event table>, gharchive_ops.ingest_ledger,"
            + " gharchive_ops.dead_letter\n");
    return out.toString();
  }
}
