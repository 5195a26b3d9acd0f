package dev.ghevents.testing;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Warehouse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A real warehouse whose stage fails for one hour of a run, as a full disk, a dropped connection or
 * a bug would: the rows of {@code failingHour} make the landing DoFn throw, or the commit of the
 * unit holding it throws after the real commit code has been entered. Every other hour goes through
 * untouched.
 */
public final class FailingWarehouse extends ForwardingWarehouse {
  private static final long serialVersionUID = 1L;

  /** Which stage fails. */
  public enum Stage {
    LAND,
    COMMIT
  }

  private final Stage stage;
  private final String failingHour;

  public FailingWarehouse(Warehouse real, Stage stage, String failingHour) {
    super(real);
    this.stage = stage;
    this.failingHour = failingHour;
  }

  /** The message every injected failure carries. */
  public static String message(Stage stage, String hour) {
    return "injected " + stage + " failure in " + hour;
  }

  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    if (stage != Stage.LAND) {
      return real.landEvents(loadId);
    }
    long failingMicros = GhHour.parse(failingHour).start().toEpochMilli() * 1000;
    String message = message(stage, failingHour);
    return landEventsAfter(
        loadId,
        "Fail on the hour",
        r -> {
          if (r.sourceHourMicros() == failingMicros) {
            throw new IllegalStateException(message);
          }
          return r;
        });
  }

  @Override
  public LoadSummary commit(LoadBatch batch) {
    if (stage == Stage.COMMIT
        && batch.hours().stream().anyMatch(h -> h.hour().equals(failingHour))) {
      throw new IllegalStateException(message(stage, failingHour));
    }
    return real.commit(batch);
  }
}
