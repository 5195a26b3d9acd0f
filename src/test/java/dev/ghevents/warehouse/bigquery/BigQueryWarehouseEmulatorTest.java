package dev.ghevents.warehouse.bigquery;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.model.SourceLine;
import dev.ghevents.parse.EventLineParser;
import dev.ghevents.testing.Batches;
import dev.ghevents.testing.BigQueryEmulator;
import dev.ghevents.testing.Samples;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
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
 * The BigQuery commit, DDL and ledger SQL run on goccy/bigquery-emulator (ZetaSQL, BigQuery's own
 * open-source SQL front end, over SQLite) through the real google-cloud-bigquery client.
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
class BigQueryWarehouseEmulatorTest {
  private static final String PROJECT = "ghevents-test";
  private static final String HOUR_6 = "2021-07-21-6";
  private static final String HOUR_7 = "2021-07-21-7";
  private static final String HOUR_23 = "2021-07-21-23";
  private static final String HOUR_0 = "2021-07-22-0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BigQueryEmulator emulator;
  private static String pushLine;
  private static BigQueryWarehouse warehouse;

  @BeforeAll
  static void startEmulator() throws Exception {
    emulator = BigQueryEmulator.start(PROJECT);
    pushLine =
        Samples.lines(HOUR_6).stream().filter(l -> l.contains("\"PushEvent\"")).findFirst().get();
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
  void prepareCreatesEveryTableOncePartitionedAndClustered() {
    warehouse.prepare();
    Datasets ds = warehouse.datasets();
    assertEquals(19, tables(ds.staging()));
    assertEquals(20, tables(ds.landing()));
    assertEquals(4, tables(ds.ops()));
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
  void mergesNewIdsOnceAndCountsDuplicatesInsideTheBatchAgainstTheTableAndAcrossHours()
      throws Exception {
    land("a", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("a", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    land("a", "2", "2021-07-21T06:20:00Z", HOUR_6, 3); // the same event twice in one hour
    LoadSummary a = warehouse.commit(batch("a", Map.of(HOUR_6, 3L)));
    assertEquals(2, a.hours().get(0).rowsNew());
    assertEquals(1, a.hours().get(0).rowsAlreadyPresent());

    // Batch b: id 2 again (already in staging), id 3 in hour 6 and again in hour 7 (crawl-time
    // bucketing), id 4 new.
    land("b", "2", "2021-07-21T06:20:00Z", HOUR_6, 1);
    land("b", "3", "2021-07-21T06:59:59Z", HOUR_6, 2);
    land("b", "3", "2021-07-21T06:59:59Z", HOUR_7, 1);
    land("b", "4", "2021-07-21T07:00:01Z", HOUR_7, 2);
    LoadSummary b = warehouse.commit(batch("b", Map.of(HOUR_6, 2L, HOUR_7, 2L)));

    assertEquals(4, stagingCount("1=1"));
    assertEquals(4, scalar("SELECT COUNT(DISTINCT id) FROM " + staging()));
    // Id 3 is new in the earlier hour; the later hour's copy is already present.
    assertEquals(HOUR_6, b.hours().get(0).hour());
    assertEquals(1, b.hours().get(0).rowsNew());
    assertEquals(1, b.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, b.hours().get(1).rowsNew());
    assertEquals(1, b.hours().get(1).rowsAlreadyPresent());
    assertEquals("a", text("SELECT load_id FROM " + staging() + " WHERE id = '2'"));
    assertThat(
        text("SELECT source_file FROM " + staging() + " WHERE id = '3'"),
        containsString(HOUR_6 + ".json.gz"));
    assertEquals(
        List.of(new LoadSummary.TableCount("push_events", 2, 2)), b.tables(), "per-table counts");
    // The staging row keeps the line's values and its payload, verbatim. (The emulator keeps a
    // JSON value streamed as text as a JSON string, where BigQuery parses it: unwrap it here.)
    assertEquals("thetishemedia", text("SELECT actor_login FROM " + staging() + " WHERE id = '4'"));
    JsonNode payload =
        JSON.readTree(text("SELECT TO_JSON_STRING(payload) FROM " + staging() + " WHERE id = '4'"));
    if (payload.isTextual()) {
      payload = JSON.readTree(payload.asText());
    }
    assertEquals(JSON.readTree(pushLine).get("payload"), payload);
  }

  @Test
  void aLineLandedTwiceByAnAtLeastOnceWriterCountsOnce() {
    land("c", "5", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("c", "5", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary c = warehouse.commit(batch("c", Map.of(HOUR_6, 1L)));
    assertEquals(1, c.hours().get(0).rowsNew());
    assertEquals(0, c.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, stagingCount("1=1"));
  }

  @Test
  void committingTheSameLoadAgainChangesNothing() {
    land("d", "6", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary first = warehouse.commit(batch("d", Map.of(HOUR_6, 1L)));
    LoadSummary again = warehouse.commit(batch("d", Map.of(HOUR_6, 1L)));
    assertEquals(first, again);
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.LEDGER)));
    assertEquals(1, stagingCount("1=1"));
  }

  @Test
  void aBatchSpanningMidnightFindsItsDuplicatesOnBothDays() {
    land("e", "7", "2021-07-22T00:00:01Z", HOUR_0, 1);
    land("e", "8", "2021-07-21T23:59:59Z", HOUR_23, 1);
    warehouse.commit(batch("e", Map.of(HOUR_0, 1L, HOUR_23, 1L)));
    // Hour 23's file again, holding an event stamped after midnight (crawl-time bucketing).
    land("f", "8", "2021-07-21T23:59:59Z", HOUR_23, 1);
    land("f", "7", "2021-07-22T00:00:01Z", HOUR_23, 2);
    land("f", "9", "2021-07-21T23:00:00Z", HOUR_23, 3);
    LoadSummary f = warehouse.commit(batch("f", Map.of(HOUR_23, 3L)));
    assertEquals(1, f.hours().get(0).rowsNew());
    assertEquals(2, f.hours().get(0).rowsAlreadyPresent());
    assertEquals(3, stagingCount("1=1"));
  }

  @Test
  void stagingIsMatchedOnlyInsideTheBatchsCreatedAtRange() {
    // Two rows with one id but different created_at cannot come from GitHub; here they show that
    // the match really is limited to the batch's range (what lets BigQuery prune partitions).
    land("g", "10", "2021-07-20T10:00:00Z", "2021-07-20-10", 1);
    warehouse.commit(batch("g", Map.of("2021-07-20-10", 1L)));
    land("h", "10", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary h = warehouse.commit(batch("h", Map.of(HOUR_6, 1L)));
    assertEquals(1, h.hours().get(0).rowsNew());
    assertEquals(2, stagingCount("id = '10'"));
  }

  @Test
  void deadLettersMoveToOpsOncePerLineAndAreCountedInTheLedger() {
    land("i", "11", "2021-07-21T06:10:00Z", HOUR_6, 1);
    DeadLetter bad =
        new DeadLetter(
            micros(GhHour.parse(HOUR_6).start()), "raw/" + HOUR_6, 2, "parse", "not JSON", "{", 1);
    landDeadLetter("i", bad);
    landDeadLetter("i", bad); // an at-least-once writer's second copy
    LoadSummary i = warehouse.commit(batch("i", Map.of(HOUR_6, 2L)));
    assertEquals(1, i.hours().get(0).deadLetters());
    assertEquals(1, i.hours().get(0).rowsNew());
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.DEAD_LETTER)));
    assertEquals("not JSON", text("SELECT error FROM " + ops(Tables.DEAD_LETTER)));
  }

  @Test
  void theLedgerRecordsEachHourOfTheLoad() {
    land("j", "12", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary j = warehouse.commit(batch("j", Map.of(HOUR_6, 1L, HOUR_7, 0L)));
    assertEquals(2, j.hours().size());
    assertEquals("loaded", j.hours().get(1).status());
    assertEquals("src/" + HOUR_7, j.hours().get(1).sourceUri());
    assertEquals(0, j.hours().get(1).linesRead());
    assertEquals(100, j.hours().get(0).bytes());
    assertEquals(
        GhHour.parse(HOUR_6).start().toEpochMilli() * 1000,
        scalar(
            "SELECT UNIX_MICROS(hour) FROM "
                + ops(Tables.LEDGER)
                + " WHERE hour_name = '"
                + HOUR_6
                + "'"));
  }

  @Test
  void theLedgerTellsAutoHoursWhatEachHourOfTheWindowWas() {
    land("l", "14", "2021-07-21T06:10:00Z", HOUR_6, 1);
    warehouse.commit(batch("l", Map.of(HOUR_6, 1L)));
    LoadBatch pending =
        new LoadBatch(
            "l2",
            micros(Instant.now()),
            null,
            List.of(
                new HourResult(
                    HOUR_7,
                    micros(GhHour.parse(HOUR_7).start()),
                    "src",
                    null,
                    HourStatus.PENDING,
                    0,
                    0,
                    "404")),
            Map.of());
    warehouse.commit(pending);
    Map<String, java.util.Set<String>> statuses =
        warehouse.ledgerStatuses(GhHour.parse("2021-07-21-5"), GhHour.parse(HOUR_7));
    assertEquals(
        Map.of(HOUR_6, java.util.Set.of("loaded"), HOUR_7, java.util.Set.of("pending")), statuses);
    assertEquals(
        Map.of(),
        warehouse.ledgerStatuses(GhHour.parse("2021-07-21-8"), GhHour.parse("2021-07-21-9")));
  }

  @Test
  void aCommitWhoseHourDoesNotAddUpFails() {
    land("k", "13", "2021-07-21T06:10:00Z", HOUR_6, 1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> warehouse.commit(batch("k", Map.of(HOUR_6, 2L))));
    assertThat(e.getMessage(), containsString(HOUR_6 + " of load k do not add up"));
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
   * Load y's commit starts; before its transaction can commit, load x commits the same hour (ids 1
   * and 2) and BigQuery aborts y's transaction on the lock row, as it does for the later of two
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
    for (int n = 0; n < EventTypes.allTables().size(); n++) {
      int i = n;
      String table = EventTypes.allTables().get(i);
      List<BigQueryMerge.TableBatch> batches = new ArrayList<>();
      for (int k = 0; k <= i; k++) {
        batches.add(new BigQueryMerge.TableBatch(EventTypes.allTables().get(k), 0, 1));
      }
      Map<String, QueryParameterValue> parameters = BigQueryMerge.parameters(batch, batches);
      BigQueryException refused =
          assertThrows(
              BigQueryException.class,
              () ->
                  warehouse
                      .client()
                      .query(
                          QueryJobConfiguration.newBuilder(
                                  BigQueryMerge.mergeStatement(PROJECT, ds, table, i))
                              .setNamedParameters(parameters)
                              .build()));
      // Past ZetaSQL's analysis (which reports "failed to analyze" for a wrong name or type), the
      // emulator's executor refuses a MERGE whose match is not a single equality.
      assertEquals(
          "currently MERGE expression is supported equal expression only",
          refused.getMessage(),
          table);
    }
  }

  @Test
  void theProductionCommitIsOneTransactionThatRollsBackOnAnyError() {
    Datasets ds = warehouse.datasets();
    List<String> statements =
        BigQueryMerge.statements(
            PROJECT, ds, List.of(new BigQueryMerge.TableBatch("push_events", 0, 1)), false);
    String script = BigQueryMerge.transaction(statements);
    // The lock row is the transaction's first write, before anything it reads.
    assertTrue(script.startsWith("BEGIN\nBEGIN TRANSACTION;\nUPDATE "), script);
    assertThat(
        statements.get(0),
        containsString(
            "gharchive_ops.commit_lock` SET load_id = CAST(@load_id AS STRING), hour_names ="));
    assertThat(statements.get(1), startsWith("MERGE "));
    assertThat(
        script,
        containsString(
            "COMMIT TRANSACTION;\nEXCEPTION WHEN ERROR THEN\nROLLBACK TRANSACTION;\nRAISE USING MESSAGE = @@error.message;\nEND"));
    // The check is the transaction's last statement, after every write it checks.
    assertTrue(statements.get(statements.size() - 1).startsWith("SELECT IF(COUNT(*) = 0"));
    // The MERGE reads staging only inside the batch's created_at range, given as constants.
    assertThat(
        statements.get(1),
        containsString(
            "ON s.id = b.id AND s.created_at BETWEEN CAST(@low_0 AS TIMESTAMP) AND"
                + " CAST(@high_0 AS TIMESTAMP)\nWHEN NOT MATCHED THEN"));
    assertThat(
        statements.get(1),
        containsString(
            "ROW_NUMBER() OVER (PARTITION BY id ORDER BY source_hour, source_file, source_line)"));
  }

  // --- helpers ---

  /** Lands a push event with {@code id} as BigQueryIO would: the production row format. */
  private void land(String load, String id, String createdAt, String hour, long line) {
    try {
      ObjectNode e = (ObjectNode) JSON.readTree(pushLine);
      e.put("id", id);
      e.put("created_at", createdAt);
      String text = JSON.writeValueAsString(e);
      EventLineParser.Result parsed =
          EventLineParser.parse(
              new SourceLine(
                  micros(GhHour.parse(hour).start()),
                  "raw/" + hour + ".json.gz",
                  line,
                  text,
                  text.length()));
      EventRow row = parsed.row();
      insert(
          warehouse.datasets().landing(),
          row.table(),
          BigQueryRows.event(row, load, Instant.now()));
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void landDeadLetter(String load, DeadLetter d) {
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

  private static LoadBatch batch(String load, Map<String, Long> linesPerHour) {
    return Batches.of(load, micros(Instant.now()), linesPerHour);
  }

  private int tables(String dataset) {
    int n = 0;
    for (var ignored : warehouse.client().listTables(dataset).iterateAll()) {
      n++;
    }
    return n;
  }

  private String staging() {
    return BigQueryMerge.table(PROJECT, warehouse.datasets().staging(), "push_events");
  }

  private String ops(String table) {
    return BigQueryMerge.table(PROJECT, warehouse.datasets().ops(), table);
  }

  private long stagingCount(String where) {
    return scalar("SELECT COUNT(*) FROM " + staging() + " WHERE " + where);
  }

  private long scalar(String sql) {
    return first(sql).get(0).getLongValue();
  }

  private String text(String sql) {
    return first(sql).get(0).getStringValue();
  }

  private FieldValueList first(String sql) {
    return warehouse.query(sql, Map.of()).iterateAll().iterator().next();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
