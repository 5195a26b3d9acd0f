package dev.ghevents.warehouse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.hours.GhHour;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LoadBatch;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.parse.EventLineParser;
import dev.ghevents.testing.Batches;
import dev.ghevents.testing.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The warehouse contract ({@link Warehouse}), written once and run on every warehouse: DuckDB
 * ({@code DuckDbWarehouseContractTest}) and BigQuery through its emulator ({@code
 * BigQueryWarehouseContractTest}). Rows are landed in each engine's production row format from a
 * real sample push event; every case runs on both. What only one engine has (DuckDB's lock
 * conflicts and emptied landing; BigQuery's partitioning, transaction script and aborts) is tested
 * beside that engine.
 */
public abstract class WarehouseContractTest {
  protected static final String HOUR_6 = "2021-07-21-6";
  protected static final String HOUR_7 = "2021-07-21-7";
  private static final String HOUR_23 = "2021-07-21-23";
  private static final String HOUR_0 = "2021-07-22-0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUSH_LINE =
      Samples.lines(HOUR_6).stream().filter(l -> l.contains("\"PushEvent\"")).findFirst().get();

  /** The warehouse under test, prepared and empty. */
  protected abstract Warehouse warehouse();

  /** Lands {@code row} for load {@code load} as the engine's landing writer would. */
  protected abstract void landRow(String load, EventRow row);

  /** Lands a dead letter for load {@code load} as the engine's landing writer would. */
  protected abstract void landDeadLetter(String load, DeadLetter d);

  /** The table's name in the engine's SQL. */
  protected abstract String table(String dataset, String table);

  /** The first column of the first row of {@code sql}. */
  protected abstract Object first(String sql);

  /**
   * How many landing tables a load writes into, once the warehouse is prepared and the load has
   * begun (on DuckDB they are the load's own, in memory).
   */
  protected long landingTableCount(String load) {
    return tableCount(ds().landing());
  }

  /** How many tables the dataset (schema) holds. */
  protected abstract long tableCount(String dataset);

  /** The staging row {@code id}'s payload, as JSON text. */
  protected abstract String payload(String id);

  /**
   * Whether a failed commit leaves nothing behind (the emulator runs BEGIN/COMMIT as no-ops, so
   * there only the failure itself is checked).
   */
  protected abstract boolean rollsBack();

  private Datasets ds() {
    return Datasets.DEFAULT;
  }

  /** Lands a push event with {@code id}, the real sample event's other values. */
  protected void land(String load, String id, String createdAt, String hour, long line) {
    landRow(load, pushRow(id, createdAt, hour, line));
  }

  /** The row of a push event with {@code id}, the real sample event's other values. */
  protected static EventRow pushRow(String id, String createdAt, String hour, long line) {
    try {
      ObjectNode e = (ObjectNode) JSON.readTree(PUSH_LINE);
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
      return parsed.row();
    } catch (java.io.IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  protected static LoadBatch batch(String load, Map<String, Long> linesPerHour) {
    return Batches.of(load, micros(Instant.now()), linesPerHour);
  }

  protected String staging() {
    return table(ds().staging(), "push_events");
  }

  protected String ops(String table) {
    return table(ds().ops(), table);
  }

  protected long scalar(String sql) {
    Object v = first(sql);
    return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
  }

  protected String text(String sql) {
    return String.valueOf(first(sql));
  }

  protected long stagingCount(String where) {
    return scalar("SELECT COUNT(*) FROM " + staging() + " WHERE " + where);
  }

  protected static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** The ops tables: the ledger, dead letters, load counts and the commit lock, and any own. */
  protected long opsTables() {
    return 4;
  }

  @Test
  void preparingAgainCreatesEveryTableOnce() {
    warehouse().prepare();
    assertEquals(19, tableCount(ds().staging()));
    assertEquals(20, landingTableCount("a"));
    assertEquals(opsTables(), tableCount(ds().ops()));
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.COMMIT_LOCK)));
  }

  @Test
  void mergesNewIdsOnceAndCountsDuplicatesInsideTheBatchAgainstStagingAndAcrossHours()
      throws Exception {
    land("a", "1", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("a", "2", "2021-07-21T06:20:00Z", HOUR_6, 2);
    land("a", "2", "2021-07-21T06:20:00Z", HOUR_6, 3); // the same event twice in one hour
    LoadSummary a = warehouse().commit(batch("a", Map.of(HOUR_6, 3L)));
    assertEquals(2, a.hours().get(0).rowsNew());
    assertEquals(1, a.hours().get(0).rowsAlreadyPresent());

    // Batch b: id 2 again (already in staging), id 3 in hour 6 and again in hour 7 (crawl-time
    // bucketing), id 4 new.
    land("b", "2", "2021-07-21T06:20:00Z", HOUR_6, 1);
    land("b", "3", "2021-07-21T06:59:59Z", HOUR_6, 2);
    land("b", "3", "2021-07-21T06:59:59Z", HOUR_7, 1);
    land("b", "4", "2021-07-21T07:00:01Z", HOUR_7, 2);
    LoadSummary b = warehouse().commit(batch("b", Map.of(HOUR_6, 2L, HOUR_7, 2L)));

    assertEquals(4, stagingCount("1=1"));
    assertEquals(4, scalar("SELECT COUNT(DISTINCT id) FROM " + staging()));
    // Id 3 is new in the earlier hour; the later hour's copy is already present.
    assertEquals(HOUR_6, b.hours().get(0).hour());
    assertEquals(1, b.hours().get(0).rowsNew());
    assertEquals(1, b.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, b.hours().get(1).rowsNew());
    assertEquals(1, b.hours().get(1).rowsAlreadyPresent());
    assertEquals(
        "a",
        text("SELECT load_id FROM " + staging() + " WHERE id = '2'"),
        "an existing row is never rewritten by a later load");
    assertThat(
        text("SELECT source_file FROM " + staging() + " WHERE id = '3'"),
        containsString(HOUR_6 + ".json.gz"));
    assertEquals(
        List.of(new LoadSummary.TableCount("push_events", 2, 2)), b.tables(), "per-table counts");
    // The staging row keeps the line's values and its payload, verbatim.
    assertEquals("thetishemedia", text("SELECT actor_login FROM " + staging() + " WHERE id = '4'"));
    JsonNode payload = JSON.readTree(payload("4"));
    assertEquals(JSON.readTree(PUSH_LINE).get("payload"), payload);
  }

  @Test
  void aLineLandedTwiceByAnAtLeastOnceWriterCountsOnce() {
    land("c", "5", "2021-07-21T06:10:00Z", HOUR_6, 1);
    land("c", "5", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary c = warehouse().commit(batch("c", Map.of(HOUR_6, 1L)));
    assertEquals(1, c.hours().get(0).rowsNew());
    assertEquals(0, c.hours().get(0).rowsAlreadyPresent());
    assertEquals(1, stagingCount("1=1"));
  }

  @Test
  void committingTheSameUnitAgainChangesNothing() {
    land("d", "6", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary first = warehouse().commit(batch("d", Map.of(HOUR_6, 1L)));
    LoadSummary again = warehouse().commit(batch("d", Map.of(HOUR_6, 1L)));
    assertEquals(first, again);
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.LEDGER)));
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.LOAD_COUNTS)));
    assertEquals(1, stagingCount("1=1"));
  }

  @Test
  void aLoadsUnitsCommitOneAfterAnotherEachMergingOnlyItsOwnHours() {
    land("u", "20", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary first = warehouse().commit(batch("u", Map.of(HOUR_6, 1L)));
    assertEquals(1, first.hours().size());
    land("u", "21", "2021-07-21T07:10:00Z", HOUR_7, 1);
    land("u", "22", "2021-07-21T07:20:00Z", HOUR_7, 2);
    LoadSummary second = warehouse().commit(batch("u", Map.of(HOUR_7, 2L)));
    assertEquals(List.of(HOUR_6, HOUR_7), second.hours().stream().map(e -> e.hour()).toList());
    assertEquals(1, second.hours().get(0).rowsNew(), "the first unit's row, counted once");
    assertEquals(2, second.hours().get(1).rowsNew());
    assertEquals(List.of(new LoadSummary.TableCount("push_events", 3, 0)), second.tables());
    assertEquals(3, stagingCount("load_id = 'u'"));
  }

  @Test
  void aBatchSpanningMidnightFindsItsDuplicatesOnBothDays() {
    land("e", "7", "2021-07-22T00:00:01Z", HOUR_0, 1);
    land("e", "8", "2021-07-21T23:59:59Z", HOUR_23, 1);
    warehouse().commit(batch("e", Map.of(HOUR_0, 1L, HOUR_23, 1L)));
    // Hour 23's file again, holding an event stamped after midnight (crawl-time bucketing).
    land("f", "8", "2021-07-21T23:59:59Z", HOUR_23, 1);
    land("f", "7", "2021-07-22T00:00:01Z", HOUR_23, 2);
    land("f", "9", "2021-07-21T23:00:00Z", HOUR_23, 3);
    LoadSummary f = warehouse().commit(batch("f", Map.of(HOUR_23, 3L)));
    assertEquals(1, f.hours().get(0).rowsNew());
    assertEquals(2, f.hours().get(0).rowsAlreadyPresent());
    assertEquals(3, stagingCount("1=1"));
  }

  /**
   * GitHub's ids after the 2025-10-07 trim have 10 digits and fall in the range of 2017's: the same
   * id years apart is two events, and both are kept; the same event again is still one.
   */
  @Test
  void anIdReusedYearsApartIsTwoEventsAndBothAreKept() {
    land("g", "5629348833", "2017-03-02T10:00:00Z", "2017-03-02-10", 1);
    warehouse().commit(batch("g", Map.of("2017-03-02-10", 1L)));
    land("h", "5629348833", "2025-11-01T10:00:00Z", "2025-11-01-10", 1);
    land("h", "5629348833", "2025-11-01T10:00:00Z", "2025-11-01-10", 2);
    LoadSummary h = warehouse().commit(batch("h", Map.of("2025-11-01-10", 2L)));
    assertEquals(1, h.hours().get(0).rowsNew());
    assertEquals(1, h.hours().get(0).rowsAlreadyPresent(), "the same event twice is one");
    assertEquals(2, stagingCount("id = '5629348833'"));
    land("i", "5629348833", "2017-03-02T10:00:00Z", "2017-03-02-10", 1);
    LoadSummary again = warehouse().commit(batch("i", Map.of("2017-03-02-10", 1L)));
    assertEquals(0, again.hours().get(0).rowsNew(), "the 2017 event is already there");
    assertEquals(2, stagingCount("id = '5629348833'"));
  }

  @Test
  void deadLettersMoveToOpsOncePerLineAndAreCountedInTheLedger() {
    land("i", "11", "2021-07-21T06:10:00Z", HOUR_6, 1);
    DeadLetter bad =
        new DeadLetter(
            micros(GhHour.parse(HOUR_6).start()), "raw/" + HOUR_6, 2, "parse", "not JSON", "{", 1);
    landDeadLetter("i", bad);
    landDeadLetter("i", bad); // an at-least-once writer's second copy
    LoadSummary i = warehouse().commit(batch("i", Map.of(HOUR_6, 2L)));
    assertEquals(1, i.hours().get(0).deadLetters());
    assertEquals(1, i.hours().get(0).rowsNew());
    assertEquals(1, scalar("SELECT COUNT(*) FROM " + ops(Tables.DEAD_LETTER)));
    assertEquals("not JSON", text("SELECT error FROM " + ops(Tables.DEAD_LETTER)));
    assertEquals("i", text("SELECT load_id FROM " + ops(Tables.DEAD_LETTER)));
  }

  @Test
  void theLedgerRecordsEachHourOfTheUnit() {
    land("j", "12", "2021-07-21T06:10:00Z", HOUR_6, 1);
    LoadSummary j = warehouse().commit(batch("j", Map.of(HOUR_6, 1L, HOUR_7, 0L)));
    assertEquals(2, j.hours().size());
    assertEquals("loaded", j.hours().get(1).status());
    assertEquals("src/" + HOUR_7, j.hours().get(1).sourceUri());
    assertEquals(0, j.hours().get(1).linesRead());
    assertEquals(100, j.hours().get(0).bytes());
    // Each row's hour is the hour's start: a range of one hour finds exactly that hour.
    GhHour six = GhHour.parse(HOUR_6);
    assertEquals(Map.of(HOUR_6, Set.of("loaded")), warehouse().ledgerStatuses(six, six));
  }

  @Test
  void theLedgerTellsWhatEachHourWasAndWhichLoadLoadedIt() {
    land("l", "14", "2021-07-21T06:10:00Z", HOUR_6, 1);
    warehouse().commit(batch("l", Map.of(HOUR_6, 1L)));
    land("l3", "14", "2021-07-21T06:10:00Z", HOUR_6, 1);
    warehouse().commit(batch("l3", Map.of(HOUR_6, 1L)));
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
    LoadSummary p = warehouse().commit(pending);
    assertEquals("404", p.hours().get(0).message());
    GhHour five = GhHour.parse("2021-07-21-5");
    assertEquals(
        Map.of(HOUR_6, Set.of("loaded"), HOUR_7, Set.of("pending")),
        warehouse().ledgerStatuses(five, GhHour.parse(HOUR_7)));
    assertEquals(
        Map.of(HOUR_6, "l3"),
        warehouse().loadedBy(five, GhHour.parse(HOUR_7)),
        "the newest load that loaded the hour; a pending hour is not loaded");
    assertEquals(
        Map.of(),
        warehouse().ledgerStatuses(GhHour.parse("2021-07-21-8"), GhHour.parse("2021-07-21-9")));
    assertEquals(
        new LoadSummary("nobody", List.of(), List.of()), warehouse().summary("nobody"), "unknown");
  }

  @Test
  void aCommitWhoseHourDoesNotAddUpFailsNamingTheHourAndItsNumbers() {
    land("k", "13", "2021-07-21T06:10:00Z", HOUR_6, 1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> warehouse().commit(batch("k", Map.of(HOUR_6, 2L))));
    assertThat(e.getMessage(), containsString("the ledger of load k does not add up"));
    assertThat(
        e.getMessage(),
        containsString(
            HOUR_6
                + ": 2 lines read but 1 new + 0 already present + 0 dead letters + 0 skipped;"
                + " nothing was committed"));
    if (rollsBack()) {
      assertEquals(0, stagingCount("1=1"));
      assertEquals(0, scalar("SELECT COUNT(*) FROM " + ops(Tables.LEDGER)));
      assertEquals(0, scalar("SELECT COUNT(*) FROM " + ops(Tables.LOAD_COUNTS)));
    }
  }
}
