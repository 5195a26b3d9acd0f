package dev.ghevents.warehouse;

import static dev.ghevents.warehouse.Column.nullable;
import static dev.ghevents.warehouse.Column.required;

import dev.ghevents.warehouse.Column.Type;
import java.util.List;

/**
 * The data contract's tables (docs/ARCHITECTURE.md, "The data contract"), in one place for every
 * warehouse: DuckDB builds its DDL from these lists, BigQuery its table schemas, and dbt's sources
 * name the same columns.
 */
public final class Tables {
  private Tables() {}

  /** Columns of every landing and staging event table, in order. */
  public static final List<Column> EVENT_COLUMNS =
      List.of(
          required(
              "id",
              Type.STRING,
              "GitHub's event id, or tl- and a hash of the line for a timeline line (2012-2014)"
                  + " that has none; ids repeat across eras, so an event is its id and created_at"),
          required("type", Type.STRING, "event type as GitHub names it, e.g. PushEvent"),
          required("created_at", Type.TIMESTAMP, "when GitHub recorded the event (UTC)"),
          nullable("public", Type.BOOL, "whether the event is public"),
          nullable("actor_id", Type.INT64, "id of the user who caused the event"),
          nullable("actor_login", Type.STRING, "login of that user at the time"),
          nullable("actor_display_login", Type.STRING, "display form of that login"),
          nullable("repo_id", Type.INT64, "id of the repository"),
          nullable("repo_name", Type.STRING, "owner/name of the repository at the time"),
          nullable("org_id", Type.INT64, "id of the organisation, if any"),
          nullable("org_login", Type.STRING, "login of the organisation, if any"),
          nullable("payload", Type.JSON, "the event's payload, verbatim"),
          nullable("other", Type.JSON, "top-level fields the contract does not name, verbatim"),
          required("source_hour", Type.TIMESTAMP, "the GH Archive hour whose file held the line"),
          required("source_file", Type.STRING, "the lake file the line was read from"),
          required("source_line", Type.INT64, "1-based line number in that file"),
          required("load_id", Type.STRING, "the run that loaded the row"),
          required("loaded_at", Type.TIMESTAMP, "when the row was loaded (staging: merged)"));

  /** Columns of the dead-letter tables (landing and ops). */
  public static final List<Column> DEAD_LETTER_COLUMNS =
      List.of(
          required("load_id", Type.STRING, "the run that read the line"),
          required("source_hour", Type.TIMESTAMP, "the GH Archive hour whose file held the line"),
          required("source_file", Type.STRING, "the lake file the line was read from"),
          required("line_number", Type.INT64, "1-based line number in the decompressed file"),
          required("stage", Type.STRING, "where the line failed: read, parse or land"),
          required("error", Type.STRING, "what is wrong with the line"),
          required("raw_line", Type.STRING, "the line, cut to 65,536 characters"),
          required("raw_bytes", Type.INT64, "the line's full length in bytes"),
          required("recorded_at", Type.TIMESTAMP, "when the dead letter was written"));

  /** Columns of {@code ingest_ledger}: one row per hour per run. */
  public static final List<Column> LEDGER_COLUMNS =
      List.of(
          required("hour", Type.TIMESTAMP, "start of the GH Archive hour (UTC)"),
          required("hour_name", Type.STRING, "GH Archive's name of the hour, e.g. 2024-01-01-5"),
          required("source_uri", Type.STRING, "where the hour's file was fetched from"),
          required("status", Type.STRING, "loaded, pending, missing, corrupt or failed"),
          required("lines_read", Type.INT64, "lines in the file"),
          required("rows_new", Type.INT64, "rows this run added to staging"),
          required("rows_already_present", Type.INT64, "rows whose id staging already had"),
          required("dead_letters", Type.INT64, "lines that became dead letters"),
          required("rows_skipped", Type.INT64, "valid lines of types --eventTypes left out"),
          required("bytes", Type.INT64, "size of the hour's file as fetched"),
          required("load_id", Type.STRING, "the run"),
          nullable("event_types", Type.STRING, "the run's --eventTypes, or null for all"),
          nullable("message", Type.STRING, "what went wrong or is notable"),
          required("started_at", Type.TIMESTAMP, "when the run started"),
          required("finished_at", Type.TIMESTAMP, "when the run merged this hour"));

  /** Columns of {@code load_counts}: rows per run, hour and event table. */
  public static final List<Column> LOAD_COUNT_COLUMNS =
      List.of(
          required("load_id", Type.STRING, "the run"),
          required("hour", Type.TIMESTAMP, "start of the GH Archive hour (UTC)"),
          required("event_table", Type.STRING, "the staging table, e.g. push_events"),
          required("rows_new", Type.INT64, "rows this run added"),
          required("rows_already_present", Type.INT64, "rows whose id the table already had"));

  /**
   * Columns of {@code commit_lock}: one row, which every commit updates first inside its
   * transaction. Two commits can then never both succeed unless one began after the other finished
   * (both warehouses abort the later writer of a row), so overlapping loads leave every id once,
   * and {@code locked_at} orders commits the way they became visible: DuckDB takes it once the lock
   * is held, BigQuery at the transaction's start, which for a commit that succeeds falls after the
   * previous successful commit finished.
   */
  public static final List<Column> COMMIT_LOCK_COLUMNS =
      List.of(
          required("lock_name", Type.STRING, "always 'commit'"),
          nullable("load_id", Type.STRING, "the load that committed last"),
          nullable("hour_names", Type.STRING, "the hours it committed, comma-separated"),
          nullable(
              "locked_at",
              Type.TIMESTAMP,
              "when it took the lock: its staging rows' loaded_at and its ledger rows' finished_at"));

  /** The one row of {@code commit_lock}. */
  public static final String COMMIT_LOCK_ROW = "commit";

  /**
   * Columns of {@code commit_lease} (BigQuery only): one row, which a commit takes by a standalone
   * {@code UPDATE} before it starts its transaction and gives back after, so commits that would
   * only abort each other wait for a cheap probe instead (warehouse/bigquery/CommitLease).
   */
  public static final List<Column> COMMIT_LEASE_COLUMNS =
      List.of(
          required("lease_name", Type.STRING, "always 'commit'"),
          nullable("load_id", Type.STRING, "the load holding the lease, or null when it is free"),
          nullable("hour_names", Type.STRING, "the hours that load is committing, comma-separated"),
          nullable("acquired_at", Type.TIMESTAMP, "when it took the lease"),
          nullable(
              "expires_at",
              Type.TIMESTAMP,
              "when another load may take it even if not given back (a holder that died)"));

  public static final String LEDGER = "ingest_ledger";
  public static final String COMMIT_LOCK = "commit_lock";
  public static final String COMMIT_LEASE = "commit_lease";
  public static final String DEAD_LETTER = "dead_letter";
  public static final String LOAD_COUNTS = "load_counts";
}
