package dev.ghevents.warehouse;

import dev.ghevents.ledger.LoadBatch;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a commit again while a concurrent commit holds the lock row. Both warehouses serialize
 * commits the same way (every commit's transaction first updates the one row of {@code
 * commit_lock}, and the engine aborts the later of two writers of a row); the loser's transaction
 * was rolled back whole, so trying it again from a fresh snapshot is always safe, and that snapshot
 * holds the winner's rows.
 */
public final class CommitRetry {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRetry.class);

  /**
   * How long a commit keeps trying: a backfill's parallel jobs queue here, one commit at a time,
   * each taking seconds to a few minutes.
   */
  public static final Duration RETRY_FOR = Duration.ofMinutes(30);

  static final long FIRST_DELAY_MILLIS = 1_000;
  static final long MAX_DELAY_MILLIS = 30_000;

  private CommitRetry() {}

  /**
   * Runs {@code attempt} until it returns, trying again after an exception {@code concurrent}
   * accepts, with a doubling, jittered pause, for at most {@link #RETRY_FOR}; any other exception,
   * or the last one after that, is thrown as it is.
   *
   * @param batch the unit being committed, named in the log
   */
  public static <T> T run(
      LoadBatch batch, Supplier<T> attempt, Predicate<RuntimeException> concurrent) {
    Backoff backoff = new Backoff(RETRY_FOR, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS, Thread::sleep);
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        long pause = concurrent.test(e) ? backoff.next() : -1;
        if (pause < 0) {
          throw e;
        }
        LOG.info(
            "Commit of {} waits for a concurrent commit (attempt {} was aborted and rolled back);"
                + " trying again in {} s",
            batch.hourNames() + " (load " + batch.loadId() + ")",
            n,
            Math.max(1, Math.round(pause / 1000.0)));
        backoff.sleep(pause, "to retry the commit");
      }
    }
  }
}
