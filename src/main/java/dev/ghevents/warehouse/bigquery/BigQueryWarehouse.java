package dev.ghevents.warehouse.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.CommitRetry;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.sql.LedgerSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud warehouse: per-type landing tables written by BigQueryIO (Storage Write API by
 * default), merged into per-type staging tables by one multi-statement transaction ({@link
 * BigQueryMerge}) run through the BigQuery client, with the ledger in the same transaction.
 *
 * <p>Landing rows are never deleted (DML cannot touch rows still in the Storage Write API's
 * buffer); the landing dataset's partition expiration removes them, and every statement reads only
 * its own run's rows ({@code load_id}), so rows of a run that died never reach staging.
 */
public final class BigQueryWarehouse implements Warehouse {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(BigQueryWarehouse.class);

  private final BigQueryTarget target;
  private final Datasets datasets;
  private final LandingWriteMethod writeMethod;
  private final BigQueryServices testServices;
  private transient BigQuery client;

  public BigQueryWarehouse(
      BigQueryTarget target, Datasets datasets, LandingWriteMethod writeMethod) {
    this(target, datasets, writeMethod, null);
  }

  private BigQueryWarehouse(
      BigQueryTarget target,
      Datasets datasets,
      LandingWriteMethod writeMethod,
      BigQueryServices testServices) {
    this.target = target;
    this.datasets = datasets;
    this.writeMethod = writeMethod;
    this.testServices = testServices;
  }

  /**
   * The same warehouse with BigQueryIO's services replaced, for tests with Beam's fakes; the MERGE
   * still goes through the client to {@link BigQueryTarget#endpoint()}.
   */
  public BigQueryWarehouse withTestServices(BigQueryServices services) {
    return new BigQueryWarehouse(target, datasets, writeMethod, services);
  }

  public BigQueryTarget target() {
    return target;
  }

  public Datasets datasets() {
    return datasets;
  }

  LandingWriteMethod writeMethod() {
    return writeMethod;
  }

  BigQueryServices testServices() {
    return testServices;
  }

  @Override
  public String location() {
    return "bigquery://" + target.project() + " (" + target.location() + ")";
  }

  /**
   * Uses {@code client} for every query of this process from now on: how a test puts BigQuery's own
   * behaviour (an aborted transaction) between this class and the emulator.
   */
  synchronized void useClient(BigQuery client) {
    this.client = client;
  }

  /** The BigQuery client of this process, made on first use. */
  synchronized BigQuery client() {
    if (client == null) {
      BigQueryOptions.Builder options =
          BigQueryOptions.newBuilder()
              .setProjectId(target.project())
              .setLocation(target.location());
      if (target.endpoint() != null) {
        options.setHost(target.endpoint()).setCredentials(NoCredentials.getInstance());
      }
      client = options.build().getService();
    }
    return client;
  }

  @Override
  public void prepare() {
    for (String dataset : List.of(datasets.landing(), datasets.staging(), datasets.ops())) {
      DatasetId id = DatasetId.of(target.project(), dataset);
      if (client().getDataset(id) == null) {
        LOG.info("Creating dataset {}", id);
        client().create(DatasetInfo.newBuilder(id).setLocation(target.location()).build());
      }
    }
    for (String table : EventTypes.allTables()) {
      ensureTable(
          datasets.landing(),
          table,
          Tables.EVENT_COLUMNS,
          BigQuerySchemas.dailyOn("loaded_at"),
          BigQuerySchemas.LANDING_CLUSTERING);
      ensureTable(
          datasets.staging(),
          table,
          Tables.EVENT_COLUMNS,
          BigQuerySchemas.dailyOn("created_at"),
          BigQuerySchemas.STAGING_CLUSTERING);
    }
    ensureTable(
        datasets.landing(),
        Tables.DEAD_LETTER,
        Tables.DEAD_LETTER_COLUMNS,
        BigQuerySchemas.dailyOn("recorded_at"),
        BigQuerySchemas.LANDING_CLUSTERING);
    ensureTable(
        datasets.ops(),
        Tables.DEAD_LETTER,
        Tables.DEAD_LETTER_COLUMNS,
        BigQuerySchemas.dailyOn("recorded_at"),
        List.of("source_hour"));
    ensureTable(datasets.ops(), Tables.LEDGER, Tables.LEDGER_COLUMNS, null, List.of("hour"));
    ensureTable(
        datasets.ops(), Tables.LOAD_COUNTS, Tables.LOAD_COUNT_COLUMNS, null, List.of("load_id"));
    ensureTable(
        datasets.ops(), Tables.COMMIT_LOCK, Tables.COMMIT_LOCK_COLUMNS, null, List.of("lock_name"));
    query(BigQueryMerge.lockRowStatement(target.project(), datasets), Map.of());
    ensureTable(
        datasets.ops(),
        Tables.COMMIT_LEASE,
        Tables.COMMIT_LEASE_COLUMNS,
        null,
        List.of("lease_name"));
    query(CommitLease.rowStatement(target.project(), datasets), Map.of());
  }

  /**
   * Creates the table if missing; adds the contract's columns an existing table lacks (as NULLABLE,
   * the only change BigQuery allows in place), so a column added to the contract never drops data.
   */
  private void ensureTable(
      String dataset,
      String table,
      List<Column> columns,
      TimePartitioning partitioning,
      List<String> clustering) {
    TableId id = TableId.of(target.project(), dataset, table);
    Table existing = client().getTable(id);
    if (existing == null) {
      StandardTableDefinition.Builder definition =
          StandardTableDefinition.newBuilder().setSchema(BigQuerySchemas.schema(columns));
      if (partitioning != null) {
        definition.setTimePartitioning(partitioning);
      }
      definition.setClustering(Clustering.newBuilder().setFields(clustering).build());
      client().create(TableInfo.newBuilder(id, definition.build()).build());
      return;
    }
    Schema schema = existing.getDefinition().getSchema();
    Set<String> present =
        schema == null
            ? Set.of()
            : schema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
    List<Field> missing =
        columns.stream()
            .filter(c -> !present.contains(c.name()))
            .map(c -> BigQuerySchemas.field(new Column(c.name(), c.type(), false, c.description())))
            .toList();
    if (!missing.isEmpty()) {
      List<Field> fields = new ArrayList<>(schema == null ? List.of() : schema.getFields());
      fields.addAll(missing);
      LOG.info("Adding columns {} to {}", missing.stream().map(Field::getName).toList(), id);
      client()
          .update(
              existing.toBuilder()
                  .setDefinition(
                      existing.getDefinition().toBuilder().setSchema(Schema.of(fields)).build())
                  .build());
    }
  }

  @Override
  public PTransform<PCollection<EventRow>, PCollection<Long>> landEvents(String loadId) {
    return BigQueryLanding.events(this, loadId);
  }

  @Override
  public PTransform<PCollection<DeadLetter>, PCollection<Long>> landDeadLetters(String loadId) {
    return BigQueryLanding.deadLetters(this, loadId);
  }

  /**
   * Commits the unit once it holds the commit lease ({@link CommitLease}), so a commit waiting for
   * another costs a small probe rather than a cancelled transaction; an abort that happens anyway
   * (a lease that expired under a slow holder) is retried by {@link CommitRetry}.
   */
  @Override
  public LoadSummary commit(LoadBatch batch) {
    CommitLease lease =
        new CommitLease(
            target.project(), datasets, (sql, parameters) -> query(sql, parameters), this::lease);
    lease.acquire(batch);
    try {
      return CommitRetry.run(
          batch,
          () -> commitOnce(batch),
          e -> e instanceof BigQueryException b && isConcurrentUpdateAbort(b));
    } catch (BigQueryException e) {
      throw new IllegalStateException(
          "the commit of load "
              + batch.loadId()
              + " into "
              + location()
              + " failed and was rolled back"
              + (isConcurrentUpdateAbort(e)
                  ? " (other commits held the lock for "
                      + CommitRetry.RETRY_FOR.toMinutes()
                      + " min)"
                  : "")
              + ": "
              + e.getMessage(),
          e);
    } finally {
      lease.release(batch);
    }
  }

  /**
   * BigQuery's abort of a transaction that raced another on the same table, in the words BigQuery
   * uses whether it was found at a statement or at {@code COMMIT} (the transaction has no handler
   * that could replace them: {@link BigQueryMerge#transaction}).
   */
  static boolean isConcurrentUpdateAbort(BigQueryException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("aborted due to concurrent update")
        || message.contains("Could not serialize access");
  }

  private LoadSummary commitOnce(LoadBatch batch) {
    String loadId = batch.loadId();
    List<String> hourNames = batch.hourNames();
    if (hasUnit(loadId, hourNames)) {
      LOG.info("Load {} has already committed {}; nothing to do", loadId, hourNames);
      return summary(loadId);
    }
    List<BigQueryMerge.TableBatch> batches = new ArrayList<>();
    TableResult ranges =
        query(
            BigQueryMerge.rangesQuery(target.project(), datasets, EventTypes.allTables()),
            BigQueryMerge.common(loadId, batch));
    for (FieldValueList row : ranges.iterateAll()) {
      if (!row.get("low").isNull()) {
        batches.add(
            new BigQueryMerge.TableBatch(
                row.get("event_table").getStringValue(),
                row.get("low").getTimestampValue(),
                row.get("high").getTimestampValue()));
      }
    }
    Map<String, QueryParameterValue> parameters = BigQueryMerge.parameters(batch, batches);
    CommitDialect dialect = CommitDialect.of(target);
    dialect.run(dialect.statements(target.project(), datasets, batches), parameters, this::query);
    return summary(loadId);
  }

  /**
   * Whether load {@code loadId} has recorded any of {@code hourNames} (a committed unit): a cheap
   * first look, outside the transaction; the statements check the same inside it.
   */
  private boolean hasUnit(String loadId, List<String> hourNames) {
    return LedgerSql.hasUnit(sql(), datasets, loadId, hourNames);
  }

  @Override
  public Map<String, Set<String>> ledgerStatuses(GhHour first, GhHour last) {
    return LedgerSql.statuses(sql(), datasets, first, last);
  }

  @Override
  public Map<String, String> loadedBy(GhHour first, GhHour last) {
    return LedgerSql.loadedBy(sql(), datasets, first, last);
  }

  @Override
  public LoadSummary summary(String loadId) {
    return LedgerSql.summary(sql(), datasets, loadId);
  }

  /** The engine-neutral SQL's runner on this warehouse. */
  private BigQuerySql sql() {
    return new BigQuerySql(target.project(), this::query);
  }

  /** Runs {@code sql} with named parameters and waits for its result. */
  TableResult query(String sql, Map<String, QueryParameterValue> parameters) {
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .setNamedParameters(new LinkedHashMap<>(parameters))
            .build();
    try {
      return client().query(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while BigQuery ran a query", e);
    }
  }

  /** The lease row as {@link CommitLease#holderQuery} reads it. */
  CommitLease.Held lease(String sql, Map<String, QueryParameterValue> parameters) {
    FieldValueList row = query(sql, parameters).iterateAll().iterator().next();
    return new CommitLease.Held(
        row.get(0).getBooleanValue(), row.get(1).isNull() ? "nobody" : row.get(1).getStringValue());
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
