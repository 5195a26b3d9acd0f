package dev.ghevents.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.warehouse.Backoff;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BigQuery commits' lease: one row of {@code commit_lease}, taken by a standalone {@code
 * UPDATE} before a commit starts its transaction and given back after it.
 *
 * <p>The transaction's lock row ({@link BigQueryMerge#lockStatement}) is what makes commits safe;
 * the lease only makes waiting cheap. Without it, two commits that overlap both run their
 * statements and BigQuery cancels one (at a statement or at {@code COMMIT}): the loser has paid for
 * its queries and for the 10 MB minimum of every table they read, and tries again from the start.
 * With it, a commit that finds the lease taken looks again later with one small {@code UPDATE} and
 * one read of a one-row table (10 MB billed each) and starts its transaction only once the lease is
 * its own. Standalone DML statements on one table run one after another (BigQuery queues them), so
 * two loads can never both take a free lease. The lease is its own table, which no transaction
 * touches: a transaction and any other statement that mutate one table cannot run at once, and
 * BigQuery cancels the conflicting transaction
 * (https://cloud.google.com/bigquery/docs/transactions, "Transaction concurrency"), so probes of
 * the lock row itself could cancel the commit they wait for.
 *
 * <p>A holder that dies (a job cancelled inside its commit) keeps the lease until it expires, after
 * {@link #HOLD}; the README's "Backfill beside the hourly job" derives both durations from the
 * modeled length of a commit.
 */
final class CommitLease {
  private static final Logger LOG = LoggerFactory.getLogger(CommitLease.class);

  /** How long a lease lasts if not given back: well above the longest modeled commit (a day). */
  static final Duration HOLD = Duration.ofMinutes(20);

  /**
   * How long a commit waits for the lease before its job fails: room for {@code PARALLEL} day
   * commits of a backfill, the hourly one and one dead holder's lease (README).
   */
  static final Duration WAIT_FOR = Duration.ofMinutes(75);

  static final long FIRST_DELAY_MILLIS = 5_000;
  static final long MAX_DELAY_MILLIS = 60_000;

  /** Runs a standalone DML statement. */
  interface Dml {
    void run(String sql, Map<String, QueryParameterValue> parameters);
  }

  /** Whether this load holds the lease, and who does, as the lease row says. */
  record Held(boolean mine, String by) {}

  /** Reads {@link #holderQuery}'s one row. */
  interface Holder {
    Held read(String sql, Map<String, QueryParameterValue> parameters);
  }

  private final String project;
  private final Datasets datasets;
  private final Dml dml;
  private final Holder holder;
  private final Backoff.Sleeper sleeper;
  private final Duration waitFor;

  CommitLease(String project, Datasets datasets, Dml dml, Holder holder) {
    this(project, datasets, dml, holder, Thread::sleep, WAIT_FOR);
  }

  CommitLease(
      String project,
      Datasets datasets,
      Dml dml,
      Holder holder,
      Backoff.Sleeper sleeper,
      Duration waitFor) {
    this.project = project;
    this.datasets = datasets;
    this.dml = dml;
    this.holder = holder;
    this.sleeper = sleeper;
    this.waitFor = waitFor;
  }

  private String table() {
    return BigQueryMerge.table(project, datasets.ops(), Tables.COMMIT_LEASE);
  }

  /** Creates the lease row if it is missing (run by {@code prepare}, outside any commit). */
  static String rowStatement(String project, Datasets ds) {
    return BigQueryMerge.oneRowStatement(project, ds, Tables.COMMIT_LEASE, "lease_name");
  }

  /**
   * Takes the lease for {@code load_id} if it is free, expired, or already this load's (a commit
   * Dataflow runs again). Parameters: {@code load_id}, {@code hour_names}, {@code hold_seconds}.
   */
  String acquireStatement() {
    return "UPDATE "
        + table()
        + " SET load_id = CAST(@load_id AS STRING), hour_names = ARRAY_TO_STRING(CAST(@hour_names"
        + " AS ARRAY<STRING>), ','), acquired_at = CURRENT_TIMESTAMP(), expires_at ="
        + " TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL CAST(@hold_seconds AS INT64) SECOND)"
        + " WHERE lease_name = '"
        + Tables.COMMIT_LOCK_ROW
        + "' AND (load_id IS NULL OR load_id = CAST(@load_id AS STRING) OR expires_at <"
        + " CURRENT_TIMESTAMP())";
  }

  /** Gives the lease back if this load still holds it. Parameter: {@code load_id}. */
  String releaseStatement() {
    return "UPDATE "
        + table()
        + " SET load_id = NULL, hour_names = NULL, acquired_at = NULL, expires_at = NULL WHERE"
        + " lease_name = '"
        + Tables.COMMIT_LOCK_ROW
        + "' AND load_id = CAST(@load_id AS STRING)";
  }

  /**
   * Whether {@code load_id} holds the lease, and the holder, its hours and its expiry as one line
   * of text. Read after the {@code UPDATE}, whose changed-row count the emulator does not report:
   * once a load holds a lease, only its own release or the expiry changes the row.
   */
  String holderQuery() {
    return "SELECT IFNULL(LOGICAL_AND(IFNULL(load_id = CAST(@load_id AS STRING), FALSE)), FALSE),"
        + " STRING_AGG(CONCAT('load ', IFNULL(load_id, '(none)'), ' (', IFNULL(hour_names, ''),"
        + " ') until ', IFNULL(CAST(expires_at AS STRING), '-')), '; ') FROM "
        + table();
  }

  private Held look(LoadBatch batch) {
    Map<String, QueryParameterValue> id =
        Map.of("load_id", QueryParameterValue.string(batch.loadId()));
    dml.run(
        acquireStatement(),
        Map.of(
            "load_id",
            QueryParameterValue.string(batch.loadId()),
            "hour_names",
            QueryParameterValue.array(
                batch.hourNames().toArray(String[]::new), StandardSQLTypeName.STRING),
            "hold_seconds",
            QueryParameterValue.int64(HOLD.toSeconds())));
    return holder.read(holderQuery(), id);
  }

  /** One look: whether this load now holds the lease. */
  boolean tryAcquire(LoadBatch batch) {
    return look(batch).mine();
  }

  /**
   * Waits until this load holds the lease, looking again after a doubling, jittered pause.
   *
   * @throws IllegalStateException naming the holder, once {@link #WAIT_FOR} has passed
   */
  void acquire(LoadBatch batch) {
    long started = System.nanoTime();
    Backoff backoff = new Backoff(waitFor, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS, sleeper);
    String who = batch.hourNames() + " (load " + batch.loadId() + ")";
    for (int looks = 1; ; looks++) {
      Held lease = look(batch);
      if (lease.mine()) {
        if (looks > 1) {
          LOG.info(
              "Commit of {} took the commit lease after waiting {} s",
              who,
              (System.nanoTime() - started) / 1_000_000_000L);
        }
        return;
      }
      long pause = backoff.next();
      if (pause < 0) {
        throw new IllegalStateException(
            "the commit of "
                + who
                + " waited "
                + waitFor.toMinutes()
                + " min for the commit lease, held by "
                + lease.by()
                + "; nothing was committed, and the next run loads these hours again");
      }
      LOG.info(
          "Commit of {} waits for the commit lease, held by {}; looking again in {} s",
          who,
          lease.by(),
          Math.max(1, pause / 1000));
      backoff.sleep(pause, "for the commit lease");
    }
  }

  /**
   * Gives the lease back; a failure is only logged (the lease then expires after {@link #HOLD}).
   */
  void release(LoadBatch batch) {
    try {
      dml.run(releaseStatement(), Map.of("load_id", QueryParameterValue.string(batch.loadId())));
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not give back the commit lease of load {} (it expires within {} min): {}",
          batch.loadId(),
          HOLD.toMinutes(),
          e.getMessage());
    }
  }
}
