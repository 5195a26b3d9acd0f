package dev.ghevents.warehouse.bigquery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.testing.BigQueryEmulator;
import dev.ghevents.warehouse.Backoff;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.WarehouseContractTest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warehouse contract ({@link WarehouseContractTest}) on BigQuery, and what only BigQuery has
 * (partitioning, the transaction script, aborts of concurrent transactions, the in-statement
 * idempotency check). The BigQuery commit, DDL and ledger SQL run on goccy/bigquery-emulator
 * (ZetaSQL, BigQuery's own open-source SQL front end, over SQLite) through the real
 * google-cloud-bigquery client.
 *
 * <p>What the emulator cannot execute, and how it is covered instead:
 *
 * <ul>
 *   <li>MERGE with more than one equality in its match: the emulator runs the commit's insert-only
 *       equivalent (same batch subquery, same pruned match; {@link BigQueryMerge#statements}), and
 *       {@link #theProductionMergeTextPassesBigQuerysAnalyzer} has ZetaSQL analyse the production
 *       MERGE of every table (names, types, parameters) before the emulator's executor refuses it.
 *   <li>Transactions: BEGIN/COMMIT are no-ops there and its exception handler swallows errors, so
 *       the commit runs statement by statement on the emulator. Atomicity is not tested on BigQuery
 *       here: {@link #theProductionCommitIsOneTransactionThatRollsBackOnAnyError} pins the script's
 *       shape, and DuckDbWarehouseTest pins the same contract's rollback for real.
 * </ul>
 */
class BigQueryWarehouseEmulatorTest extends WarehouseContractTest {
  private static final String PROJECT = "ghevents-test";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BigQueryEmulator emulator;
  private static BigQueryWarehouse warehouse;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = BigQueryEmulator.start(PROJECT);
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    emulator.close();
  }

  /**
   * One warehouse for the class, emptied before each test: the emulator slows down with every table
   * it holds (a fresh set of datasets per test made the tenth test twenty times slower).
   */
  @BeforeEach
  void emptyTheTablesTheTestsUse() {
    if (warehouse == null) {
      warehouse =
          new BigQueryWarehouse(
              new BigQueryTarget(PROJECT, "US", emulator.endpoint()),
              Datasets.DEFAULT,
              LandingWriteMethod.STORAGE_API_AT_LEAST_ONCE);
      warehouse.prepare();
    }
    Datasets ds = warehouse.datasets();
    for (String table :
        List.of(
            BigQueryMerge.table(PROJECT, ds.landing(), "push_events"),
            BigQueryMerge.table(PROJECT, ds.landing(), Tables.DEAD_LETTER),
            staging(),
            ops(Tables.DEAD_LETTER),
            ops(Tables.LEDGER),
            ops(Tables.LOAD_COUNTS))) {
      warehouse.query("DELETE FROM " + table + " WHERE TRUE", Map.of());
    }
  }

  @Test
  void prepareCreatesTablesPartitionedAndClustered() {
    Datasets ds = warehouse.datasets();
    StandardTableDefinition staging =
        warehouse
            .client()
            .getTable(TableId.of(PROJECT, ds.staging(), "push_events"))
            .getDefinition();
    assertEquals("created_at", staging.getTimePartitioning().getField());
    assertEquals(List.of("loaded_at", "id"), staging.getClustering().getFields());
    assertEquals(Tables.EVENT_COLUMNS.size(), staging.getSchema().getFields().size());
    assertEquals("JSON", staging.getSchema().getFields().get("payload").getType().name());
    StandardTableDefinition landing =
        warehouse
            .client()
            .getTable(TableId.of(PROJECT, ds.landing(), "push_events"))
            .getDefinition();
    assertEquals("loaded_at", landing.getTimePartitioning().getField());
  }

  @Test
  void aCommitAbortedByAConcurrentTransactionIsRetriedAndNothingElseIs() {
    // BigQuery's text when two transactions change one table at once (the emulator has none).
    assertTrue(
        BigQueryWarehouse.isConcurrentUpdateAbort(
            new BigQueryException(
                400,
                "Transaction is aborted due to concurrent update against table"
                    + " p:gharchive_staging.push_events. Transaction ID: 0123")));
    assertTrue(
        !BigQueryWarehouse.isConcurrentUpdateAbort(
            new BigQueryException(400, "Syntax error: Unexpected keyword MERGE at [1:1]")));
  }

  /**
   * Load y's commit starts; its lease expires under it (a commit slower than the lease), and before
   * its transaction can commit, load x takes the lease over and commits the same hour (ids 1 and
   * 2), and BigQuery aborts y's transaction on the lock row, as it does for the later of two
   * transactions that update one table. The real retry loop runs y again: its MERGE finds x's rows,
   * so every id is in staging once, and y's rows are stamped after x's (dbt's watermark order).
   */
  @Test
  void aCommitAbortedByAConcurrentCommitIsRetriedAndFindsTheOthersRows() {
    land("x", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("x", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    land("y", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("y", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    land("y", "3", "2021-07-21T06:30:00Z", HOUR_6, 3);
    BigQueryWarehouse x = secondWarehouse();
    AtomicInteger locks = new AtomicInteger();
    LoadSummary y =
        withClientBefore(
            "y",
            locks,
            () -> {
              if (locks.get() == 1) {
                // y's commit outlived its lease (a slow holder), so x may take it over.
                expireTheLease();
                x.commit(batch("x", Map.of(HOUR_6, 2L)));
                throw new BigQueryException(
                    400,
                    "Transaction is aborted due to concurrent update against table"
                        + " ghevents-test:gharchive_ops.commit_lock.");
              }
            },
            () -> warehouse.commit(batch("y", Map.of(HOUR_6, 3L))));
    assertEquals(2, locks.get(), "the aborted attempt and its retry");
    assertEquals(1, y.hours().get(0).rowsNew());
    assertEquals(2, y.hours().get(0).rowsAlreadyPresent());
    assertEquals(3, stagingCount("1=1"));
    assertEquals(3, scalar("SELECT COUNT(DISTINCT id) FROM " + staging()));
    assertEquals(2, stagingCount("load_id = 'x'"));
    assertEquals(
        1,
        stagingCount(
            "load_id = 'y' AND loaded_at > (SELECT MAX(loaded_at) FROM "
                + staging()
                + " WHERE load_id = 'x')"));
    // Each commit's rows carry its lock stamp, which its ledger row's finished_at repeats.
    assertEquals(
        2,
        scalar(
            "SELECT COUNT(DISTINCT g.load_id) FROM "
                + ops(Tables.LEDGER)
                + " AS g JOIN "
                + staging()
                + " AS s ON s.load_id = g.load_id AND s.loaded_at = g.finished_at"));
    assertEquals("y", text("SELECT load_id FROM " + ops(Tables.COMMIT_LOCK)));
  }

  /**
   * Dataflow may run the commit's bundle twice at once. The emulator has no isolation, so the
   * second run's statements, let through after the first committed, show the idempotency check
   * inside them: nothing is written twice (on BigQuery the lock aborts it and the retry sees the
   * same ledger rows).
   */
  @Test
  void theSameCommitRunConcurrentlyTwiceWritesOnce() {
    land("z", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("z", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    DeadLetter bad =
        new DeadLetter(
            micros(GhHour.parse(HOUR_6).start()), "raw/" + HOUR_6, 3, "parse", "not JSON", "{", 1);
    landDeadLetter("z", bad);
    BigQueryWarehouse twin = secondWarehouse();
    AtomicInteger locks = new AtomicInteger();
    LoadSummary first =
        withClientBefore(
            "z",
            locks,
            () -> twin.commit(batch("z", Map.of(HOUR_6, 3L))),
            () -> warehouse.commit(batch("z", Map.of(HOUR_6, 3L))));
    assertEquals(1, locks.get());
    assertEquals(2, first.hours().get(0).rowsNew());
    assertEquals(1, first.hours().get(0).deadLetters());
    assertEquals(2, stagingCount("1=1"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.LEDGER)));
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.LOAD_COUNTS)));
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.DEAD_LETTER)));
  }

  /**
   * The commit lease on the emulator's real tables: taken by one load, refused to another while
   * held, given back, and taken over once expired; a waiting commit looks again and gives up after
   * its budget, naming the holder.
   */
  @Test
  void theCommitLeaseLetsOneLoadCommitAtATimeAndAWaitingOneLooksAgainCheaply() {
    BigQueryWarehouse other = secondWarehouse();
    CommitLease mine = lease(warehouse, millis -> {}, java.time.Duration.ofMinutes(1));
    CommitLease theirs = lease(other, millis -> {}, java.time.Duration.ofMinutes(1));
    LoadBatch x = batch("x", Map.of(HOUR_6, 0L));
    LoadBatch y = batch("y", Map.of(HOUR_6, 0L));
    assertTrue(mine.tryAcquire(x));
    assertTrue(mine.tryAcquire(x), "the holder may take it again (Dataflow re-runs a commit)");
    assertTrue(!theirs.tryAcquire(y), "held by x");
    IllegalStateException waited =
        assertThrows(IllegalStateException.class, () -> theirs.acquire(y));
    assertThat(waited.getMessage(), containsString("held by load x (2021-07-21-6) until"));
    assertThat(waited.getMessage(), containsString("nothing was committed"));
    mine.release(y);
    assertTrue(!theirs.tryAcquire(y), "only the holder gives it back");
    mine.release(x);
    assertTrue(theirs.tryAcquire(y));
    expireTheLease();
    assertTrue(mine.tryAcquire(x), "a dead holder's lease is taken over once expired");
    theirs.release(y);
    assertEquals("x", text("SELECT load_id FROM " + ops(Tables.COMMIT_LEASE)));
    // A waiting commit: the holder gives the lease back while it sleeps; the next look takes it.
    AtomicInteger sleeps = new AtomicInteger();
    CommitLease waiting =
        lease(
            other,
            millis -> {
              sleeps.incrementAndGet();
              mine.release(x);
            },
            java.time.Duration.ofMinutes(10));
    waiting.acquire(y);
    assertEquals(1, sleeps.get());
    assertEquals("y", text("SELECT load_id FROM " + ops(Tables.COMMIT_LEASE)));
    waiting.release(y);
    assertEquals(
        1, scalar("SELECT COUNT(*) FROM " + ops(Tables.COMMIT_LEASE) + " WHERE load_id IS NULL"));
  }

  /** The lease's holder has outlived it, as a dead or slow holder does. */
  private void expireTheLease() {
    warehouse.query(
        "UPDATE "
            + ops(Tables.COMMIT_LEASE)
            + " SET expires_at = TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 SECOND) WHERE"
            + " TRUE",
        Map.of());
  }

  /** The emulator's refusal of {@code sql}: what ZetaSQL or its executor says of it. */
  private static String refusal(String sql, Map<String, QueryParameterValue> parameters) {
    return assertThrows(
            BigQueryException.class,
            () ->
                warehouse
                    .client()
                    .query(
                        QueryJobConfiguration.newBuilder(sql)
                            .setNamedParameters(parameters)
                            .build()))
        .getMessage();
  }

  private static CommitLease lease(
      BigQueryWarehouse on, Backoff.Sleeper sleeper, java.time.Duration waitFor) {
    return new CommitLease(
        PROJECT, on.datasets(), (sql, p) -> on.query(sql, p), on::lease, sleeper, waitFor);
  }

  /** A second warehouse on the same emulator, with its own client: another job's commit. */
  private static BigQueryWarehouse secondWarehouse() {
    return new BigQueryWarehouse(
        warehouse.target(), warehouse.datasets(), LandingWriteMethod.STORAGE_API_AT_LEAST_ONCE);
  }

  /**
   * Runs {@code body} with the warehouse's client wrapped: before each lock statement of {@code
   * load}'s commit, {@code locks} counts it and {@code beforeLock} runs (it may throw what BigQuery
   * would).
   */
  private static <T> T withClientBefore(
      String load, AtomicInteger locks, Runnable beforeLock, Supplier<T> body) {
    BigQuery real = warehouse.client();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("query")
              && args[0] instanceof QueryJobConfiguration q
              && q.getQuery().startsWith("UPDATE ")
              && q.getQuery().contains(Tables.COMMIT_LOCK)
              && q.getNamedParameters().get("load_id").getValue().equals(load)) {
            locks.incrementAndGet();
            beforeLock.run();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    warehouse.useClient(
        (BigQuery)
            Proxy.newProxyInstance(
                BigQuery.class.getClassLoader(), new Class<?>[] {BigQuery.class}, handler));
    try {
      return body.get();
    } finally {
      warehouse.useClient(real);
    }
  }

  @Test
  void theProductionMergeTextPassesBigQuerysAnalyzer() {
    Datasets ds = warehouse.datasets();
    LoadBatch batch = batch("m", Map.of(HOUR_6, 0L));
    for (int i = 0; i < EventTypes.allTables().size(); i++) {
      String table = EventTypes.allTables().get(i);
      List<BigQueryMerge.TableBatch> batches = new ArrayList<>();
      for (int k = 0; k <= i; k++) {
        batches.add(new BigQueryMerge.TableBatch(EventTypes.allTables().get(k), 0, 1));
      }
      Map<String, QueryParameterValue> parameters = BigQueryMerge.parameters(batch, batches);
      // Past ZetaSQL's analysis (which reports "failed to analyze" for a wrong name or type), the
      // emulator's executor refuses a MERGE whose match is not a single equality.
      assertEquals(
          "currently MERGE expression is supported equal expression only",
          refusal(BigQueryMerge.mergeStatement(PROJECT, ds, table, i), parameters),
          table);
    }
  }

  @Test
  void theProductionCommitIsOneTransactionThatRollsBackOnAnyError() {
    Datasets ds = warehouse.datasets();
    List<String> statements =
        BigQueryMerge.statements(
            PROJECT, ds, List.of(new BigQueryMerge.TableBatch("push_events", 0, 1)), false);
    String script = BigQueryMerge.transaction(PROJECT, ds, statements);
    // The lock row is the transaction's first write, before anything it reads.
    assertTrue(script.startsWith("BEGIN TRANSACTION;\nUPDATE "), script);
    assertThat(
        statements.get(0),
        containsString(
            "gharchive_ops.commit_lock` SET load_id = CAST(@load_id AS STRING), hour_names ="));
    assertThat(statements.get(1), startsWith("MERGE "));
    // No exception handler: an abort found at any statement or at COMMIT fails the query with
    // BigQuery's own words (which the retry recognises), and BigQuery rolls back the transaction
    // the query ended without committing. A handler's ROLLBACK of an already cancelled transaction
    // would fail and put its own message in their place.
    assertTrue(script.endsWith(";\nEND IF;\nCOMMIT TRANSACTION;"), script);
    // After the lock, one idempotency check for all statements; none repeats it or reads the lock
    // row back (each table a statement names is billed at least 10 MB).
    assertThat(script, containsString("_lock` SET load_id"));
    assertThat(script, containsString(";\nIF NOT EXISTS (SELECT "));
    for (String statement : statements.subList(1, statements.size())) {
      assertTrue(!statement.contains(Tables.COMMIT_LOCK), statement);
      assertTrue(
          !statement.contains(
              "NOT EXISTS (SELECT 1 FROM `ghevents-test.gharchive_ops.ingest_ledger"),
          statement);
    }
    assertTrue(!script.contains("EXCEPTION") && !script.contains("ROLLBACK"), script);
    // ZetaSQL parses the whole script before it analyses a statement, so the emulator's refusal of
    // the IF (it runs no scripting) shows the production script has no syntax error anywhere.
    Map<String, QueryParameterValue> parameters =
        BigQueryMerge.parameters(
            batch("t", Map.of(HOUR_6, 0L)),
            List.of(new BigQueryMerge.TableBatch("push_events", 0, 1)));
    assertThat(refusal(script, parameters), containsString("Statement not supported: IfStatement"));
    // The check is the transaction's last statement, after every write it checks.
    assertTrue(statements.get(statements.size() - 1).startsWith("SELECT IF(COUNT(*) = 0"));
    // The MERGE reads staging only inside the batch's created_at range, given as constants.
    assertThat(
        statements.get(1),
        containsString(
            "ON s.id = b.id AND s.created_at = b.created_at AND s.created_at BETWEEN"
                + " CAST(@low_0 AS TIMESTAMP) AND CAST(@high_0 AS TIMESTAMP)\nWHEN NOT MATCHED"
                + " THEN"));
    assertThat(
        statements.get(1),
        containsString(
            "ROW_NUMBER() OVER (PARTITION BY id, created_at ORDER BY source_hour, source_file,"
                + " source_line)"));
  }

  // --- the contract's fixture ---

  @Override
  protected Warehouse warehouse() {
    return warehouse;
  }

  /** Lands {@code row} as BigQueryIO would: the production row format. */
  @Override
  protected void landRow(String load, EventRow row) {
    insert(
        warehouse.datasets().landing(), row.table(), BigQueryRows.event(row, load, Instant.now()));
  }

  @Override
  protected void landDeadLetter(String load, DeadLetter d) {
    insert(
        warehouse.datasets().landing(),
        Tables.DEAD_LETTER,
        BigQueryRows.deadLetter(d, load, Instant.now()));
  }

  private void insert(String dataset, String table, Map<String, Object> row) {
    InsertAllResponse response =
        warehouse
            .client()
            .insertAll(
                InsertAllRequest.newBuilder(TableId.of(PROJECT, dataset, table))
                    .addRow(row)
                    .build());
    assertTrue(!response.hasErrors(), () -> "insert refused: " + response.getInsertErrors());
  }

  @Override
  protected String table(String dataset, String table) {
    return BigQueryMerge.table(PROJECT, dataset, table);
  }

  @Override
  protected Object first(String sql) {
    FieldValue v = warehouse.query(sql, Map.of()).iterateAll().iterator().next().get(0);
    return v.isNull() ? null : v.getStringValue();
  }

  @Override
  protected long tableCount(String dataset) {
    long n = 0;
    for (var ignored : warehouse.client().listTables(dataset).iterateAll()) {
      n++;
    }
    return n;
  }

  /**
   * The emulator keeps a JSON value streamed as text as a JSON string, where BigQuery parses it:
   * unwrapped here.
   */
  @Override
  protected String payload(String id) {
    try {
      JsonNode payload =
          JSON.readTree(
              text(
                  "SELECT TO_JSON_STRING(payload) FROM " + staging() + " WHERE id = '" + id + "'"));
      return payload.isTextual() ? payload.asText() : payload.toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** BigQuery's commits also have their lease table. */
  @Override
  protected long opsTables() {
    return 5;
  }

  @Override
  protected boolean rollsBack() {
    return false;
  }
}
