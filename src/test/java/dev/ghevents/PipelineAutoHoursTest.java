package dev.ghevents;

import static dev.ghevents.testing.Warehouses.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.testing.HourServer;
import dev.ghevents.testing.HourServer.Body;
import dev.ghevents.testing.HourServer.Status;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hours=auto}, what the hourly schedule runs, with the clock fixed by the test: real
 * sample hours served over HTTP on 127.0.0.1 into a real DuckDB file, several runs one after
 * another.
 */
class PipelineAutoHoursTest {
  @TempDir Path dir;
  private HourServer server;

  @BeforeEach
  void serveTheSampleHours() throws Exception {
    server = new HourServer();
    for (String hour : Samples.EXCERPT_HOURS) {
      server.on(hour, new Body(Files.readAllBytes(Samples.file(hour))));
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private GhEventsPipeline.Outcome auto(Clock clock, String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "--hours=auto";
    args[1] = "--source=" + server.baseUrl();
    System.arraycopy(more, 0, args, 2, more.length);
    return Runs.run(dir, clock, args);
  }

  private static Map<String, String> statuses(GhEventsPipeline.Outcome outcome) {
    return outcome.summary().hours().stream()
        .collect(Collectors.toMap(LedgerEntry::hour, LedgerEntry::status));
  }

  @Test
  void missedRunsLeaveGapsThatAutoLoadsExactly() {
    Runs.run(dir, "--hours=2021-07-21-6,2021-07-21-8", "--source=" + server.baseUrl());
    GhEventsPipeline.Outcome outcome =
        auto(at("2021-07-21T10:30:00Z"), "--lookbackHours=4", "--fetchRetries=0");
    assertTrue(outcome.succeeded(), outcome.failure());
    assertEquals(Map.of("2021-07-21-7", "loaded", "2021-07-21-9", "loaded"), statuses(outcome));
    assertEquals(1, server.hits("2021-07-21-6"), "a loaded hour is not fetched again");
    assertEquals(1, server.hits("2021-07-21-8"));
    // Every sample event is in staging once.
    assertEquals(
        800L,
        ((Number)
                rows(
                        Runs.warehouse(dir),
                        "SELECT sum(rows_new) AS n FROM gharchive_ops.ingest_ledger")
                    .get(0)
                    .get("n"))
            .longValue());
    GhEventsPipeline.Outcome again =
        auto(at("2021-07-21T10:45:00Z"), "--lookbackHours=4", "--fetchRetries=0");
    assertTrue(again.summary().hours().isEmpty(), "nothing left to do: " + again.summary());
  }

  @Test
  void aLateFileIsLoadedOnceItAppearsAndGivenUpAsMissingAfterTheGracePeriod() {
    server.on("2021-07-21-9", new Status(404), new Body(bytes("2021-07-21-9")));
    server.on("2021-07-21-8", new Status(404));
    Clock tenThirty = at("2021-07-21T10:30:00Z");
    GhEventsPipeline.Outcome first = auto(tenThirty, "--lookbackHours=2");
    assertEquals(Map.of("2021-07-21-8", "pending", "2021-07-21-9", "pending"), statuses(first));

    GhEventsPipeline.Outcome second = auto(at("2021-07-21T11:05:00Z"), "--lookbackHours=3");
    // Hour 9 was published late; hour 8 is still not; hour 10 is new and not there yet.
    assertEquals(
        Map.of("2021-07-21-8", "pending", "2021-07-21-9", "loaded", "2021-07-21-10", "pending"),
        statuses(second));

    // A day later hour 8 is past --missingAfterHours: recorded missing, not fetched again.
    int hitsBefore = server.hits("2021-07-21-8");
    GhEventsPipeline.Outcome third =
        auto(at("2021-07-22T09:30:00Z"), "--lookbackHours=26", "--missingAfterHours=24");
    assertEquals("missing", statuses(third).get("2021-07-21-8"));
    assertEquals(hitsBefore, server.hits("2021-07-21-8"));
    assertTrue(!statuses(third).containsKey("2021-07-21-9"), "a loaded hour is not planned again");
    // Hour 10 ended less than 24 hours ago: still tried.
    assertEquals("pending", statuses(third).get("2021-07-21-10"));
    List<Map<String, Object>> ledger =
        rows(
            Runs.warehouse(dir),
            "SELECT status, message FROM gharchive_ops.ingest_ledger"
                + " WHERE hour_name = '2021-07-21-8' ORDER BY finished_at");
    assertEquals("missing", ledger.get(ledger.size() - 1).get("status"));

    GhEventsPipeline.Outcome fourth =
        auto(at("2021-07-22T09:45:00Z"), "--lookbackHours=26", "--missingAfterHours=24");
    assertTrue(!statuses(fourth).containsKey("2021-07-21-8"), "a missing hour is not retried");
  }

  @Test
  void hoursZeroToNineAreFetchedByTheirUnpaddedNamesAndAPaddedNameNeverReachesTheServer() {
    for (int h = 0; h <= 9; h++) {
      server.on("2021-07-22-" + h, new Body(bytes("2021-07-21-" + (6 + h % 4))));
    }
    GhEventsPipeline.Outcome outcome =
        auto(at("2021-07-22T10:10:00Z"), "--lookbackHours=10", "--fetchRetries=0");
    assertTrue(outcome.succeeded(), outcome.failure());
    for (int h = 0; h <= 9; h++) {
      assertEquals("loaded", statuses(outcome).get("2021-07-22-" + h), "hour " + h);
      assertEquals(1, server.hits("2021-07-22-" + h));
      assertEquals(0, server.hits("2021-07-22-0" + h), "the padded name is never asked for");
    }
    assertEquals(2000, outcome.summary().hours().stream().mapToLong(e -> e.linesRead()).sum());
    // Each sample hour is served under several names: 800 events, the rest already present.
    assertEquals(800, outcome.summary().hours().stream().mapToLong(e -> e.rowsNew()).sum());
    IllegalArgumentException padded =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.ghevents.options.InvalidOptionException.class,
            () -> Runs.run(dir, "--hours=2021-07-22-05", "--source=" + server.baseUrl()));
    org.hamcrest.MatcherAssert.assertThat(
        padded.getMessage(), org.hamcrest.Matchers.startsWith("--hours: "));
    assertEquals(0, server.hits("2021-07-22-05"));
  }

  private static byte[] bytes(String hour) {
    try {
      return Files.readAllBytes(Samples.file(hour));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
