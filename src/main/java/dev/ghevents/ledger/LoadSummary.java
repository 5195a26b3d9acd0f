package dev.ghevents.ledger;

import java.io.Serializable;
import java.util.List;

/** What a run loaded: its ledger rows and its row counts per event table. */
public record LoadSummary(String loadId, List<LedgerEntry> hours, List<TableCount> tables)
    implements Serializable {

  /** Rows of one event table in one run. */
  public record TableCount(String table, long rowsNew, long rowsAlreadyPresent)
      implements Serializable {}
}
