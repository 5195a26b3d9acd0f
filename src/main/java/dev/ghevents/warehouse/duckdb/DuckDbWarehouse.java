package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.warehouse.duckdb.DuckDb.qualified;

import dev.ghevents.crash.PausePoint;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LedgerEntries;
import dev.ghevents.ledger.LedgerEntries.MergedRows;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.text.Messages;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.CommitRetry;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local warehouse: one DuckDB file, in process. Schemas and tables of the data contract;
 * landing written with the Appender; the commit merges every table and records the ledger in one
 * transaction.
 */
public final class DuckDbWarehouse implements Warehouse {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);

  /** DuckDB's own memory limit unless the run says otherwise. */
  public static final String DEFAULT_MEMORY_LIMIT = "1GB";

  private final String path;
  private final Datasets datasets;
  private final String memoryLimit;
  private final String loadId;

  /**
   * @param path the database file; its folder is created if missing
   * @param memoryLimit DuckDB's memory limit, e.g. {@code 2GB}
   * @param loadId the run that holds the file, named to another run that finds it in use; or null
   */
  public DuckDbWarehouse(String path, Datasets datasets, String memoryLimit, String loadId) {
    this.path = Path.of(path).toAbsolutePath().normalize().toString();
    this.datasets = datasets;
    this.memoryLimit = memoryLimit;
    this.loadId = loadId;
  }

  public DuckDbWarehouse(String path, Datasets datasets, String memoryLimit) {
    this(path, datasets, memoryLimit, null);
  }

  public DuckDbWarehouse(String path, Datasets datasets) {
    this(path, datasets, DEFAULT_MEMORY_LIMIT);
  }

  @Override
  public String location() {
    return path;
  }

  public Datasets datasets() {
    return datasets;
  }

  /** A connection to this warehouse; the caller closes it. */
  public Connection connect() {
    return DuckDb.connect(path, memoryLimit);
  }

  @Override
  public void prepare() {
    try {
      Path parent = Path.of(path).getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the folder of the warehouse " + path, e);
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String schema : List.of(datasets.landing(), datasets.staging(), datasets.ops())) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDb.quote(schema));
      }
      for (String table : EventTypes.allTables()) {
        createWithComments(s, datasets.landing(), table, Tables.EVENT_COLUMNS);
        createWithComments(s, datasets.staging(), table, Tables.EVENT_COLUMNS);
      }
      createWithComments(s, datasets.landing(), Tables.DEAD_LETTER, Tables.DEAD_LETTER_COLUMNS);
      createWithComments(s, datasets.ops(), Tables.DEAD_LETTER, Tables.DEAD_LETTER_COLUMNS);
      createWithComments(s, datasets.ops(), Tables.LEDGER, Tables.LEDGER_COLUMNS);
      createWithComments(s, datasets.ops(), Tables.LOAD_COUNTS, Tables.LOAD_COUNT_COLUMNS);
      createWithComments(s, datasets.ops(), Tables.COMMIT_LOCK, Tables.COMMIT_LOCK_COLUMNS);
      String lock = qualified(datasets.ops(), Tables.COMMIT_LOCK);
      s.execute(
          "INSERT INTO "
              + lock
              + " (lock_name) SELECT '"
              + Tables.COMMIT_LOCK_ROW
              + "' WHERE NOT EXISTS (SELECT 1 FROM "
              + lock
              + ")");
      dropLandingOfInterruptedRuns(s);
      if (loadId != null) {
        DuckDb.recordOwner(path, loadId);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the tables of the warehouse " + path, e);
    }
  }

  /**
   * Landing rows still present belong to a run that died before its commit (the commit empties
   * landing). This process holds the file from here to the end of the run, so no live run owns
   * them: they are dropped, and the hours they came from are simply loaded again by the next run.
   */
  private void dropLandingOfInterruptedRuns(Statement s) throws SQLException {
    long dropped = 0;
    List<String> tables = new java.util.ArrayList<>(EventTypes.allTables());
    tables.add(Tables.DEAD_LETTER);
    for (String table : tables) {
      dropped += s.executeUpdate("DELETE FROM " + qualified(datasets.landing(), table));
    }
    if (dropped > 0) {
      LOG.warn(
          "Dropped {} landing rows left by an interrupted run; they were never merged", dropped);
    }
  }

  private static void createWithComments(
      Statement s, String schema, String table, List<Column> columns) throws SQLException {
    s.execute(DuckDb.createTable(schema, table, columns));
    for (Column column : columns) {
      s.execute(
          "COMMENT ON COLUMN "
              + qualified(schema, table)
              + "."
              + DuckDb.quote(column.name())
              + " IS '"
              + column.description().replace("'", "''")
              + "'");
    }
  }

  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    return new DuckDbLanding<>(
        this,
        datasets.landing(),
        EventRow::table,
        loadId,
        DuckDbLanding::appendEvent,
        "events_landed");
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return new DuckDbLanding<>(
        this,
        datasets.landing(),
        deadLetter -> Tables.DEAD_LETTER,
        loadId,
        DuckDbLanding::appendDeadLetter,
        "dead_letters_landed");
  }

  /** The lock row is being updated by a commit on another connection: this one was rolled back. */
  private static final class LockConflict extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LockConflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Commits the unit; while another connection's commit holds the lock row, tries again ({@link
   * CommitRetry}), as the BigQuery commit does.
   */
  @Override
  public LoadSummary commit(LoadBatch batch) {
    return CommitRetry.run(batch, () -> commitOnce(batch), e -> e instanceof LockConflict);
  }

  private LoadSummary commitOnce(LoadBatch batch) {
    String loadId = batch.loadId();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        LocalDateTime now = lock(c, batch);
        List<String> hourNames = batch.hourNames();
        if (DuckDbLedger.hasUnit(c, datasets, loadId, hourNames)) {
          LOG.info("Load {} has already committed {}; nothing to do", loadId, hourNames);
          c.rollback();
          return DuckDbLedger.read(c, datasets, loadId);
        }
        Map<Long, MergedRows> merged = new HashMap<>();
        for (String table : EventTypes.allTables()) {
          Map<LocalDateTime, DuckDbStagingMerge.HourCounts> counts =
              DuckDbStagingMerge.merge(c, datasets, table, loadId, now);
          for (Map.Entry<LocalDateTime, DuckDbStagingMerge.HourCounts> e : counts.entrySet()) {
            DuckDbLedger.insertTableCounts(c, datasets, loadId, table, e.getKey(), e.getValue());
            merged.merge(
                micros(e.getKey()),
                new MergedRows(e.getValue().rowsNew(), e.getValue().rowsAlreadyPresent()),
                (a, b) -> a.plus(b.rowsNew(), b.rowsAlreadyPresent()));
          }
        }
        Map<Long, Long> deadLetters = moveDeadLetters(c, loadId);
        List<LedgerEntry> entries = LedgerEntries.build(batch, merged, deadLetters);
        DuckDbLedger.insert(
            c, datasets, entries, batch.eventTypes(), DuckDb.utc(batch.startedAtMicros()), now);
        PausePoint.reached(PausePoint.MERGING);
        c.commit();
        return DuckDbLedger.read(c, datasets, loadId);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the commit of load " + loadId + " into " + path + " failed and was rolled back: " + e,
          e);
    }
  }

  /**
   * The transaction's first statement: the update of the lock row, which DuckDB refuses ("Conflict
   * on update") while another connection's transaction has updated it, or if one committed an
   * update after this transaction began. Returns the commit's time, taken once the lock is held, so
   * that {@code loaded_at} follows the order in which commits became visible.
   */
  private LocalDateTime lock(Connection c, LoadBatch batch) throws SQLException {
    String lock = qualified(datasets.ops(), Tables.COMMIT_LOCK);
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + lock + " SET load_id = ?, hour_names = ? WHERE lock_name = ?")) {
      s.setString(1, batch.loadId());
      s.setString(2, String.join(",", batch.hourNames()));
      s.setString(3, Tables.COMMIT_LOCK_ROW);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException(
            "the commit lock row of "
                + lock
                + " in "
                + path
                + " is missing; nothing was committed");
      }
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("Conflict on")) {
        throw new LockConflict(
            "the commit of load "
                + batch.loadId()
                + " into "
                + path
                + " was rolled back: another commit held the lock for "
                + CommitRetry.RETRY_FOR.toMinutes()
                + " min ("
                + Messages.firstLine(e.getMessage())
                + ")",
            e);
      }
      throw e;
    }
    LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    try (PreparedStatement s =
        c.prepareStatement("UPDATE " + lock + " SET locked_at = ? WHERE lock_name = ?")) {
      s.setObject(1, now);
      s.setString(2, Tables.COMMIT_LOCK_ROW);
      s.execute();
    }
    return now;
  }

  private Map<Long, Long> moveDeadLetters(Connection c, String loadId) throws SQLException {
    String landing = qualified(datasets.landing(), Tables.DEAD_LETTER);
    String ops = qualified(datasets.ops(), Tables.DEAD_LETTER);
    String columns = DuckDb.columnList(Tables.DEAD_LETTER_COLUMNS);
    Map<Long, Long> perHour = new HashMap<>();
    try (PreparedStatement count =
        c.prepareStatement(
            "SELECT source_hour, count(*) FROM "
                + landing
                + " WHERE load_id = ? GROUP BY source_hour")) {
      count.setString(1, loadId);
      try (ResultSet r = count.executeQuery()) {
        while (r.next()) {
          perHour.put(micros(r.getObject(1, LocalDateTime.class)), r.getLong(2));
        }
      }
    }
    for (String sql :
        List.of(
            "INSERT INTO "
                + ops
                + " ("
                + columns
                + ") SELECT "
                + columns
                + " FROM "
                + landing
                + " WHERE load_id = ? ORDER BY source_hour, source_file, line_number",
            "DELETE FROM " + landing + " WHERE load_id = ?")) {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, loadId);
        s.execute();
      }
    }
    return perHour;
  }

  @Override
  public Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last) {
    Map<String, Set<String>> statuses = new HashMap<>();
    readLedger(
        "SELECT DISTINCT hour_name, status",
        "",
        first,
        last,
        r -> statuses.computeIfAbsent(r.getString(1), h -> new HashSet<>()).add(r.getString(2)));
    return statuses;
  }

  @Override
  public Map<String, String> loadedBy(GhHour first, GhHour last) {
    Map<String, String> loads = new HashMap<>();
    readLedger(
        "SELECT hour_name, arg_max(load_id, finished_at)",
        " AND status = '" + HourStatus.LOADED.label() + "' GROUP BY hour_name",
        first,
        last,
        r -> loads.put(r.getString(1), r.getString(2)));
    return loads;
  }

  /** A row handler that may throw what JDBC throws. */
  private interface LedgerRow {
    void accept(ResultSet r) throws SQLException;
  }

  /**
   * {@code select} over the ledger's hours from {@code first} to {@code last}, then {@code tail}.
   */
  private void readLedger(String select, String tail, GhHour first, GhHour last, LedgerRow each) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                select
                    + " FROM "
                    + qualified(datasets.ops(), Tables.LEDGER)
                    + " WHERE hour BETWEEN ? AND ?"
                    + tail)) {
      s.setObject(1, LocalDateTime.ofInstant(first.start(), ZoneOffset.UTC));
      s.setObject(2, LocalDateTime.ofInstant(last.start(), ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          each.accept(r);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger of " + path + ": " + e, e);
    }
  }

  @Override
  public LoadSummary summary(String loadId) {
    try (Connection c = connect()) {
      return DuckDbLedger.read(c, datasets, loadId);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger of " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    DuckDb.release(path);
    if (loadId != null) {
      DuckDb.forgetOwner(path, loadId);
    }
  }

  private static long micros(LocalDateTime utc) {
    Instant t = utc.toInstant(ZoneOffset.UTC);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
