package dev.ghevents;

/**
 * Named points of a run where the crash tests stop it: with {@code -Dghevents.pauseAt=NAME} the run
 * prints {@code ghevents: paused at NAME} to standard error on reaching that point and waits there
 * until it is killed. Without the property (every real run) it does nothing.
 */
public final class PausePoint {
  /** An hour's file is in the lake; nothing of it is merged. */
  public static final String FETCHED = "fetched";

  /** Every landing write has finished; the commit has not started. */
  public static final String LANDED = "landed";

  /** Inside the commit's transaction, after the merge and the ledger, before COMMIT. */
  public static final String MERGING = "merging";

  private static final String PAUSE_AT = System.getProperty("ghevents.pauseAt");

  private PausePoint() {}

  public static void reached(String name) {
    if (name.equals(PAUSE_AT)) {
      System.err.println("ghevents: paused at " + name);
      System.err.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
