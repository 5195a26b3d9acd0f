package dev.ghevents.testing;

import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A warehouse that stops the run at the {@link PausePoint}s, around the real one: the crash tests
 * run the pipeline's {@code main} with it ({@link PausingMain}), so the production code holds no
 * pause of its own.
 */
final class PausingWarehouse extends ForwardingWarehouse {
  private static final long serialVersionUID = 1L;

  private PausingWarehouse(Warehouse real) {
    super(real);
  }

  /** {@code warehouse} with the pauses; DuckDB's also inside its commit's transaction. */
  static Warehouse around(Warehouse warehouse) {
    return new PausingWarehouse(
        warehouse instanceof DuckDbWarehouse d
            ? d.observedBy(batch -> PausePoint.reached(PausePoint.MERGING))
            : warehouse);
  }

  /** Pauses at the first event the run lands: its hour's file is in the lake by then. */
  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    return landEventsAfter(
        loadId,
        "Pause when fetched",
        row -> {
          PausePoint.reached(PausePoint.FETCHED);
          return row;
        });
  }

  @Override
  public LoadSummary commit(LoadBatch batch) {
    PausePoint.reached(PausePoint.LANDED);
    LoadSummary summary = real.commit(batch);
    PausePoint.reached(PausePoint.COMMITTED);
    return summary;
  }
}
