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
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A real warehouse with everything forwarded to it; the tests' warehouses that fail or pause at
 * chosen points override what they change.
 */
abstract class ForwardingWarehouse implements Warehouse {
  private static final long serialVersionUID = 1L;

  protected final Warehouse real;

  ForwardingWarehouse(Warehouse real) {
    this.real = real;
  }

  /** The real landing of events, with {@code each} applied to every row first. */
  protected PTransform<PCollection<EventRow>, PCollection<Long>> landEventsAfter(
      String loadId, String stepName, SerializableFunction<EventRow, EventRow> each) {
    PTransform<PCollection<EventRow>, PCollection<Long>> landing = real.landEvents(loadId);
    return new PTransform<>() {
      @Override
      public PCollection<Long> expand(PCollection<EventRow> rows) {
        return rows.apply(stepName, MapElements.into(TypeDescriptor.of(EventRow.class)).via(each))
            .setCoder(EventRow.Coder.of())
            .apply("Land", landing);
      }
    };
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
    return real.landEvents(loadId);
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return real.landDeadLetters(loadId);
  }

  @Override
  public LoadSummary commit(LoadBatch batch) {
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
