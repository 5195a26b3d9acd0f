package dev.ghevents.ledger;

import java.util.Locale;

/** An hour's status in the ingest ledger. */
public enum HourStatus {
  /** Read to the end and merged. */
  LOADED,
  /**
   * The file does not exist (yet): GH Archive publishes late or never; the next run tries again.
   */
  PENDING,
  /** Pending for longer than the grace period: given up on. */
  MISSING,
  /** The file is damaged (e.g. a truncated gzip): its readable lines were loaded. */
  CORRUPT,
  /** Could not be fetched or read (e.g. 5xx after every retry); the next run tries again. */
  FAILED;

  /** The value stored in the ledger. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
