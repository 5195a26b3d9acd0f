package dev.ghevents.fetch;

import java.io.Serializable;

/**
 * The outcome of fetching one hour into the lake.
 *
 * @param lakePath the lake copy, present when the outcome is {@link Outcome#FETCHED} or {@link
 *     Outcome#ALREADY_IN_LAKE}
 * @param bytes size of the lake copy
 * @param message why the hour has no lake copy, or null
 */
public record FetchResult(
    String hour, String sourceUri, String lakePath, Outcome outcome, long bytes, String message)
    implements Serializable {

  /** How a fetch ended. */
  public enum Outcome {
    FETCHED,
    ALREADY_IN_LAKE,
    /** 404 or no such file: not an error, GH Archive may publish it later. */
    NOT_FOUND,
    /** Every retry failed, or the source refused for good (4xx other than 404). */
    FAILED
  }

  public boolean hasLakeCopy() {
    return outcome == Outcome.FETCHED || outcome == Outcome.ALREADY_IN_LAKE;
  }
}
