package dev.ghevents.warehouse;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A doubling, jittered pause between tries, within a time budget: how a commit waits for another
 * ({@link CommitRetry}, and on BigQuery the commit lease). The jitter keeps parallel jobs that
 * collided once from colliding again in step.
 */
public final class Backoff {
  /** Pauses the caller; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final long deadline;
  private final long maxMillis;
  private final Sleeper sleeper;
  private long delayMillis;

  /**
   * @param budget how long, from now, the tries may go on
   * @param firstMillis the first pause's middle (each pause is half to one and a half of it)
   * @param maxMillis the most the middle doubles to
   */
  public Backoff(Duration budget, long firstMillis, long maxMillis, Sleeper sleeper) {
    this.deadline = System.nanoTime() + budget.toNanos();
    this.delayMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.sleeper = sleeper;
  }

  /** The next pause in milliseconds, or -1 if waiting it would pass the budget. */
  public long next() {
    if (System.nanoTime() + delayMillis * 1_000_000L > deadline) {
      return -1;
    }
    long pause = delayMillis / 2 + ThreadLocalRandom.current().nextLong(delayMillis);
    delayMillis = Math.min(delayMillis * 2, maxMillis);
    return pause;
  }

  /**
   * Sleeps {@code pause} milliseconds.
   *
   * @param waitingFor what the caller waits for, named if the sleep is interrupted
   */
  public void sleep(long pause, String waitingFor) {
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting " + waitingFor, e);
    }
  }
}
