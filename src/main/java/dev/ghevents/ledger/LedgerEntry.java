package dev.ghevents.ledger;

import java.io.Serializable;

/** One row of the ingest ledger: what one run did with one hour. */
public record LedgerEntry(
    String hour,
    String sourceUri,
    String status,
    long linesRead,
    long rowsNew,
    long rowsAlreadyPresent,
    long deadLetters,
    long rowsSkipped,
    long bytes,
    String loadId,
    String message)
    implements Serializable {

  /** Share of the hour's lines that became dead letters. */
  public double errorRatio() {
    return linesRead == 0 ? 0 : (double) deadLetters / linesRead;
  }

  /**
   * The pipeline's first invariant: every line is a new row, a known row, a dead letter or skipped.
   */
  public boolean accountsForEveryLine() {
    return linesRead == rowsNew + rowsAlreadyPresent + deadLetters + rowsSkipped;
  }
}
