package dev.ghevents.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a unit's ledger rows from what the run read and what the merge counted. The commit then
 * holds them to the pipeline's first invariant ({@code
 * dev.ghevents.warehouse.sql.LedgerSql#check}).
 */
public final class LedgerEntries {
  private LedgerEntries() {}

  /** Rows new and already present of one hour, summed over the event tables. */
  public record MergedRows(long rowsNew, long rowsAlreadyPresent) {
    public MergedRows plus(long moreNew, long morePresent) {
      return new MergedRows(rowsNew + moreNew, rowsAlreadyPresent + morePresent);
    }
  }

  /**
   * @param merged merge counts per hour start (microseconds)
   * @param deadLetters dead letters per hour start (microseconds)
   */
  public static List<LedgerEntry> build(
      LoadBatch batch, Map<Long, MergedRows> merged, Map<Long, Long> deadLetters) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (HourResult hour : batch.hours()) {
      MergedRows rows = merged.getOrDefault(hour.hourStartMicros(), new MergedRows(0, 0));
      LedgerEntry entry =
          new LedgerEntry(
              hour.hour(),
              hour.sourceUri(),
              hour.status().label(),
              hour.linesRead(),
              rows.rowsNew(),
              rows.rowsAlreadyPresent(),
              deadLetters.getOrDefault(hour.hourStartMicros(), 0L),
              batch.skippedPerHour().getOrDefault(hour.hourStartMicros(), 0L),
              hour.bytes(),
              batch.loadId(),
              hour.message());
      entries.add(entry);
    }
    return entries;
  }
}
