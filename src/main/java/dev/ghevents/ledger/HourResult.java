package dev.ghevents.ledger;

import java.io.Serializable;

/**
 * What fetching and reading one hour gave, before the merge adds its row counts.
 *
 * @param hourStartMicros start of the hour, microseconds since the epoch
 * @param sourceUri where the file was (or would have been) fetched from
 * @param lakePath the lake copy that was read, or null if there is none
 * @param linesRead lines read from the file, including those that became dead letters
 * @param bytes size of the file as fetched (compressed)
 * @param message what went wrong or what is notable, or null
 */
public record HourResult(
    String hour,
    long hourStartMicros,
    String sourceUri,
    String lakePath,
    HourStatus status,
    long linesRead,
    long bytes,
    String message)
    implements Serializable {

  /** This result with {@code note} added to its message. */
  public HourResult withNote(String note) {
    return new HourResult(
        hour,
        hourStartMicros,
        sourceUri,
        lakePath,
        status,
        linesRead,
        bytes,
        message == null ? note : message + "; " + note);
  }
}
