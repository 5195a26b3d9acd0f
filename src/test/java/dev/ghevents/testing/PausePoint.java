package dev.ghevents.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points of a run where the crash tests stop it ({@link PausingWarehouse} reaches them): with
 * {@code -Dghevents.pauseAt=NAME} the run prints {@code ghevents: paused at NAME} to standard error
 * on reaching that point and waits there until it is killed; {@code NAME#N} waits at its N-th time
 * instead (a unit's point is reached once per unit).
 */
public final class PausePoint {
  /** An hour is in the lake and its first events are being landed; nothing of it is merged. */
  public static final String FETCHED = "fetched";

  /** Every landing write has finished; the commit has not started. */
  public static final String LANDED = "landed";

  /** Inside the commit's transaction, after the merge and the ledger, before COMMIT. */
  public static final String MERGING = "merging";

  /** A unit of hours is committed; the next has not started. */
  public static final String COMMITTED = "committed";

  private static final String PAUSE_AT = System.getProperty("ghevents.pauseAt", "");
  private static final String NAME = PAUSE_AT.replaceAll("#.*", "");
  private static final int NTH =
      PAUSE_AT.contains("#") ? Integer.parseInt(PAUSE_AT.replaceAll(".*#", "")) : 1;
  private static final AtomicInteger REACHED = new AtomicInteger();

  private PausePoint() {}

  public static void reached(String name) {
    if (name.equals(NAME) && REACHED.incrementAndGet() == NTH) {
      System.err.println("ghevents: paused at " + PAUSE_AT);
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
