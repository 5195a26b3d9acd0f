package dev.ghevents.warehouse.duckdb;

import static dev.ghevents.warehouse.duckdb.DuckDb.qualified;

import dev.ghevents.hours.GhHour;
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
import dev.ghevents.warehouse.CommitObserver;
import dev.ghevents.warehouse.CommitRetry;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.sql.LedgerSql;
import dev.ghevents.warehouse.sql.Sql;
import dev.ghevents.warehouse.sql.SqlRow;
import dev.ghevents.warehouse.sql.SqlType;
import dev.ghevents.warehouse.sql.TableNames;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
  private final CommitObserver observer;

  /**
   * @param path the database file; its folder is created if missing
   * @param memoryLimit DuckDB's memory limit, e.g. {@code 2GB}
   * @param loadId the run that holds the file, named to another run that finds it in use; or null
   */
  public DuckDbWarehouse(String path, Datasets datasets, String memoryLimit, String loadId) {
    this(path, datasets, memoryLimit, loadId, CommitObserver.NONE);
  }

  private DuckDbWarehouse(
      String path, Datasets datasets, String memoryLimit, String loadId, CommitObserver observer) {
    this.path = Path.of(path).toAbsolutePath().normalize().toString();
    this.datasets = datasets;
    this.memoryLimit = memoryLimit;
    this.loadId = loadId;
    this.observer = observer;
  }

  public DuckDbWarehouse(String path, Datasets datasets, String memoryLimit) {
    this(path, datasets, memoryLimit, null);
  }

  public DuckDbWarehouse(String path, Datasets datasets) {
    this(path, datasets, DEFAULT_MEMORY_LIMIT);
  }

  /** Begins loading DuckDB's native library in the background: see {@link DuckDb}. */
  public static void preloadInBackground() {
    DuckDb.preloadInBackground();
  }

  /** This warehouse with {@code observer} told of each commit's last moment. */
  public DuckDbWarehouse observedBy(CommitObserver observer) {
    return new DuckDbWarehouse(path, datasets, memoryLimit, loadId, observer);
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

  /**
   * A connection to this warehouse with {@code loadId}'s landing tables created; closed by the
   * caller.
   */
  Connection landingConnection(String loadId) {
    Connection c = connect();
    try {
      DuckDbMemoryLanding.create(c, datasets, loadId);
      return c;
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "cannot create the landing tables of load " + loadId + " in " + path + ": " + e, e);
    }
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
      // One transaction: hundreds of statements (a comment per column) committed once, not each.
      c.setAutoCommit(false);
      for (String schema : List.of(datasets.staging(), datasets.ops())) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDb.quote(schema));
      }
      for (String table : EventTypes.allTables()) {
        createWithComments(s, datasets.staging(), table, Tables.EVENT_COLUMNS);
      }
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
      dropLandingInTheFile(s);
      c.commit();
      if (loadId != null) {
        DuckDb.recordOwner(path, loadId);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the tables of the warehouse " + path, e);
    }
  }

  /**
   * Until 2026-12-03 landing tables were in the file, in the landing schema (emptied by every
   * commit, left with rows only by a run that died before its commit); landing is in memory now
   * ({@link DuckDbMemoryLanding}). Those tables are dropped, and the schema with them if nothing
   * else is in it; rows in them were never merged, and their hours were never recorded as loaded.
   */
  private void dropLandingInTheFile(Statement s) throws SQLException {
    for (String table : DuckDbMemoryLanding.TABLES) {
      s.execute("DROP TABLE IF EXISTS " + qualified(datasets.landing(), table));
    }
    try (ResultSet r =
        s.executeQuery(
            "SELECT count(*) FROM duckdb_schemas() s WHERE s.database_name = current_database()"
                + " AND s.schema_name = '"
                + datasets.landing().replace("'", "''")
                + "' AND NOT EXISTS (SELECT 1 FROM duckdb_tables() t WHERE t.database_name ="
                + " s.database_name AND t.schema_name = s.schema_name) AND NOT EXISTS (SELECT 1"
                + " FROM duckdb_views() v WHERE v.database_name = s.database_name AND"
                + " v.schema_name = s.schema_name)")) {
      r.next();
      if (r.getLong(1) > 0) {
        s.execute("DROP SCHEMA " + DuckDb.quote(datasets.landing()));
      }
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
        this, EventRow::table, loadId, DuckDbLanding::appendEvent, "events_landed");
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return new DuckDbLanding<>(
        this,
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
   * Commits the unit once its landing rows are all appended ({@link DuckDbLandingWriter}); while
   * another connection's commit holds the lock row, tries again ({@link CommitRetry}), as the
   * BigQuery commit does.
   */
  @Override
  public LoadSummary commit(LoadBatch batch) {
    DuckDbLandingWriter.finish(this, batch.loadId());
    returnGrownHeap();
    return CommitRetry.run(batch, () -> commitOnce(batch), e -> e instanceof LockConflict);
  }

  /** A heap this large has grown for a unit's lines (a sample hour needs far less). */
  static final long GROWN_HEAP_BYTES = 512L << 20;

  /**
   * Once the unit's rows are all appended, its lines are garbage, but G1 keeps the heap it grew for
   * them (about 1 GB for a 100K-event hour) while DuckDB's merge takes its own memory: the peak was
   * their sum, 2.1-2.2 GB. A full collection here (50-70 ms on that heap) gives the free part back
   * to the system first, so the peak is nearer the larger of the two (1.7 GB for that hour, and 2.0
   * rather than 2.2 GB over six of them: README, "Memory"). Small heaps skip it, as do JVMs run
   * with -XX:+DisableExplicitGC.
   */
  private static void returnGrownHeap() {
    if (Runtime.getRuntime().totalMemory() >= GROWN_HEAP_BYTES) {
      System.gc();
    }
  }

  private LoadSummary commitOnce(LoadBatch batch) {
    String loadId = batch.loadId();
    try (Connection c = connect()) {
      // Outside the transaction, which may write to the file only: a unit that landed nothing
      // (every hour missing or failed) has empty landing tables to merge.
      DuckDbMemoryLanding.create(c, datasets, loadId);
      c.setAutoCommit(false);
      DuckDbSql sql = new DuckDbSql(c);
      LoadSummary summary;
      try {
        LocalDateTime now = lock(c, batch);
        List<String> hourNames = batch.hourNames();
        if (LedgerSql.hasUnit(sql, datasets, loadId, hourNames)) {
          LOG.info("Load {} has already committed {}; nothing to do", loadId, hourNames);
          c.rollback();
          dropLanding(c, loadId);
          return LedgerSql.summary(sql, datasets, loadId);
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
        Map<Long, Long> deadLetters = moveDeadLetters(sql, loadId);
        List<LedgerEntry> entries = LedgerEntries.build(batch, merged, deadLetters);
        DuckDbLedger.insert(
            c, datasets, entries, batch.eventTypes(), DuckDb.utc(batch.startedAtMicros()), now);
        sql.query(Sql.of(LedgerSql.check(sql, datasets)).with("load_id", loadId));
        observer.beforeCommit(batch);
        c.commit();
        summary = LedgerSql.summary(sql, datasets, loadId);
      } catch (SQLException | RuntimeException e) {
        // Landing is kept: a commit tried again merges it.
        c.rollback();
        throw e;
      }
      dropLanding(c, loadId);
      return summary;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the commit of load " + loadId + " into " + path + " failed and was rolled back: " + e,
          e);
    }
  }

  /**
   * Drops the committed unit's landing, so the load's next unit starts from empty tables: its merge
   * takes every landing row of the load. A failure here fails the commit's caller, which then finds
   * the unit in the ledger.
   */
  private void dropLanding(Connection c, String loadId) throws SQLException {
    c.setAutoCommit(true);
    DuckDbMemoryLanding.drop(c, datasets, loadId);
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

  /**
   * Moves the load's dead letters to the ops table (one per line), from the load's landing; returns
   * the load's dead letters per hour start (microseconds).
   */
  private Map<Long, Long> moveDeadLetters(DuckDbSql sql, String loadId) {
    String ofLoad = " WHERE load_id = " + Sql.param("load_id", SqlType.STRING);
    TableNames names =
        (dataset, table) ->
            dataset.equals(datasets.landing())
                ? DuckDbMemoryLanding.table(datasets, loadId, table)
                : sql.table(dataset, table);
    sql.execute(Sql.of(LedgerSql.moveDeadLetters(names, datasets, "TRUE")).with("load_id", loadId));
    Map<Long, Long> perHour = new HashMap<>();
    for (SqlRow r :
        sql.query(
            Sql.of(
                    "SELECT epoch_us(source_hour), count(*) FROM "
                        + qualified(datasets.ops(), Tables.DEAD_LETTER)
                        + ofLoad
                        + " GROUP BY source_hour")
                .with("load_id", loadId))) {
      perHour.put(r.int64(0), r.int64(1));
    }
    return perHour;
  }

  @Override
  public Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last) {
    return readLedger(sql -> LedgerSql.statuses(sql, datasets, first, last));
  }

  @Override
  public Map<String, String> loadedBy(GhHour first, GhHour last) {
    return readLedger(sql -> LedgerSql.loadedBy(sql, datasets, first, last));
  }

  @Override
  public LoadSummary summary(String loadId) {
    return readLedger(sql -> LedgerSql.summary(sql, datasets, loadId));
  }

  /** A read of the ledger on a connection of its own. */
  private <T> T readLedger(Function<DuckDbSql, T> read) {
    try (Connection c = connect()) {
      return read.apply(new DuckDbSql(c));
    } catch (SQLException | IllegalStateException e) {
      throw new IllegalStateException("cannot read the ledger of " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    DuckDbLandingWriter.abandonAll(this);
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
