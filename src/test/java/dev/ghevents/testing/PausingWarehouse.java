package dev.ghevents.testing;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * A warehouse that stops the run at the {@link PausePoint}s, around the real one: the crash tests
 * run the pipeline's {@code main} with it ({@link PausingMain}), so the production code holds no
 * pause of its own.
 */
final class PausingWarehouse implements Warehouse {
  private static final long serialVersionUID = 1L;

  private final Warehouse inner;

  private PausingWarehouse(Warehouse inner) {
    this.inner = inner;
  }

  /** {@code warehouse} with the pauses; DuckDB's also inside its commit's transaction. */
  static Warehouse around(Warehouse warehouse) {
    return new PausingWarehouse(
        warehouse instanceof DuckDbWarehouse d
            ? d.observedBy(batch -> PausePoint.reached(PausePoint.MERGING))
            : warehouse);
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void prepare() {
    inner.prepare();
  }

  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    PTransform<PCollection<EventRow>, PCollection<Long>> land = inner.landEvents(loadId);
    return new PTransform<>() {
      @Override
      public PCollection<Long> expand(PCollection<EventRow> events) {
        return events.apply("Pause when fetched", ParDo.of(new PauseOnFirst())).apply(land);
      }
    };
  }

  /** Pauses at the first event the run lands: its hour's file is in the lake by then. */
  private static final class PauseOnFirst extends DoFn<EventRow, EventRow> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element EventRow row, OutputReceiver<EventRow> out) {
      PausePoint.reached(PausePoint.FETCHED);
      out.output(row);
    }
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return inner.landDeadLetters(loadId);
  }

  @Override
  public LoadSummary commit(LoadBatch batch) {
    PausePoint.reached(PausePoint.LANDED);
    LoadSummary summary = inner.commit(batch);
    PausePoint.reached(PausePoint.COMMITTED);
    return summary;
  }

  @Override
  public Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last) {
    return inner.ledgerStatuses(first, last);
  }

  @Override
  public Map<String, String> loadedBy(GhHour first, GhHour last) {
    return inner.loadedBy(first, last);
  }

  @Override
  public LoadSummary summary(String loadId) {
    return inner.summary(loadId);
  }

  @Override
  public void close() {
    inner.close();
  }
}
