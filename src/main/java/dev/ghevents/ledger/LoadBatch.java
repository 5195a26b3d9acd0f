package dev.ghevents.ledger;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything the commit of a run needs besides the landing rows themselves.
 *
 * @param eventTypes the run's {@code --eventTypes}, or null when every type is loaded
 * @param skippedPerHour valid lines left out by {@code --eventTypes}, per hour start (microseconds)
 */
public record LoadBatch(
    String loadId,
    long startedAtMicros,
    String eventTypes,
    List<HourResult> hours,
    Map<Long, Long> skippedPerHour)
    implements Serializable {

  /** The names of the batch's hours, in its order. */
  public List<String> hourNames() {
    return hours.stream().map(HourResult::hour).toList();
  }
}
