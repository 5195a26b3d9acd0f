package dev.ghevents.testing;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Warehouse;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A real warehouse whose stage fails for one hour of a run, as a full disk, a dropped connection or
 * a bug would: the rows of {@code failingHour} make the landing DoFn throw, or the commit of the
 * unit holding it throws after the real commit code has been entered. Every other hour goes through
 * untouched.
 */
public final class FailingWarehouse implements Warehouse {
  private static final long serialVersionUID = 1L;

  /** Which stage fails. */
  public enum Stage {
    LAND,
    COMMIT
  }

  private final Warehouse real;
  private final Stage stage;
  private final String failingHour;

  public FailingWarehouse(Warehouse real, Stage stage, String failingHour) {
    this.real = real;
    this.stage = stage;
    this.failingHour = failingHour;
  }

  /** The message every injected failure carries. */
  public static String message(Stage stage, String hour) {
    return "injected " + stage + " failure in " + hour;
  }

  @Override
  public String location() {
    return real.location();
  }

  @Override
  public void prepare() {
    real.prepare();
  }

  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    if (stage != Stage.LAND) {
      return real.landEvents(loadId);
    }
    long failingMicros = GhHour.parse(failingHour).start().toEpochMilli() * 1000;
    String message = message(stage, failingHour);
    PTransform<PCollection<EventRow>, PCollection<Long>> landing = real.landEvents(loadId);
    return new PTransform<>() {
      @Override
      public PCollection<Long> expand(PCollection<EventRow> rows) {
        return rows.apply(
                "Fail on the hour",
                MapElements.into(TypeDescriptor.of(EventRow.class))
                    .via(
                        (EventRow r) -> {
                          if (r.sourceHourMicros() == failingMicros) {
                            throw new IllegalStateException(message);
                          }
                          return r;
                        }))
            .setCoder(EventRow.Coder.of())
            .apply("Land", landing);
      }
    };
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return real.landDeadLetters(loadId);
  }

  @Override
  public LoadSummary commit(LoadBatch batch) {
    if (stage == Stage.COMMIT
        && batch.hours().stream().anyMatch(h -> h.hour().equals(failingHour))) {
      throw new IllegalStateException(message(stage, failingHour));
    }
    return real.commit(batch);
  }

  @Override
  public Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last) {
    return real.ledgerStatuses(first, last);
  }

  @Override
  public Map<String, String> loadedBy(GhHour first, GhHour last) {
    return real.loadedBy(first, last);
  }

  @Override
  public LoadSummary summary(String loadId) {
    return real.summary(loadId);
  }

  @Override
  public void close() {
    real.close();
  }
}
