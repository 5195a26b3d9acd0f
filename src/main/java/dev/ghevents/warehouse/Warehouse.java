package dev.ghevents.warehouse;

import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Where rows go: landing tables written during the run, then one commit that merges every table's
 * batch into staging and records the ledger. DuckDB is the local implementation; BigQuery the
 * cloud's.
 *
 * <p>The contract each implementation keeps: landing rows carry the run's {@code load_id}; the
 * commit is one transaction, deduplicates events ({@code id} and {@code created_at}: ids repeat
 * across GH Archive's eras) inside the batch and against staging, inserts only new events, never
 * rewrites a staging row, and is idempotent for a {@code load_id}.
 */
public interface Warehouse extends Serializable, AutoCloseable {

  /** Where the warehouse is, for people: a file path or a project. */
  String location();

  /** Creates the schemas and tables of the data contract if missing. Runs before any work. */
  void prepare();

  /**
   * Writes this run's events into their tables' landing tables ({@link EventRow#table()}).
   *
   * @return a signal the commit waits on: one element per written batch
   */
  PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId);

  /** Writes this run's dead letters into the landing dead-letter table. */
  PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId);

  /**
   * Merges every landing batch of {@code batch.loadId()} into staging, moves its dead letters to
   * the ops table and writes one ledger row per hour, all in one transaction. A run commits one
   * unit of hours at a time under one {@code load_id}: only the landing rows of {@code
   * batch.hours()} are merged. Returns everything the load has committed so far; called again for a
   * unit already committed, it changes nothing and returns the same.
   */
  LoadSummary commit(LoadBatch batch);

  /**
   * Every status the ledger holds for each hour from {@code first} to {@code last} (inclusive), by
   * hour name; hours the ledger has never seen are absent. {@code --hours=auto} plans from this.
   */
  Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last);

  /**
   * The load that last recorded each hour from {@code first} to {@code last} as {@code loaded}, by
   * hour name; hours never loaded are absent. An explicit range skips these unless {@code
   * --reload}.
   */
  Map<String, String> loadedBy(GhHour first, GhHour last);

  /** What the run {@code loadId} committed, from the ledger. */
  LoadSummary summary(String loadId);

  /** Releases what the warehouse holds in this process (a DuckDB file). */
  @Override
  default void close() {}
}
