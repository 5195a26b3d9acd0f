package dev.ghevents.testing;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LoadBatch;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Commit batches for the warehouse tests: every hour loaded, its lines read as given. */
public final class Batches {
  private Batches() {}

  public static LoadBatch of(String load, long startedAtMicros, Map<String, Long> linesPerHour) {
    List<HourResult> hours =
        linesPerHour.entrySet().stream()
            .sorted(Comparator.comparing(e -> GhHour.parse(e.getKey())))
            .map(
                e ->
                    new HourResult(
                        e.getKey(),
                        GhHour.parse(e.getKey()).start().toEpochMilli() * 1000,
                        "src/" + e.getKey(),
                        "lake/" + e.getKey(),
                        HourStatus.LOADED,
                        e.getValue(),
                        100,
                        null))
            .toList();
    return new LoadBatch(load, startedAtMicros, null, hours, Map.of());
  }
}
