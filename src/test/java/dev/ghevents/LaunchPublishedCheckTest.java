package dev.ghevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.options.RunConfig;
import dev.ghevents.testing.HourServer;
import dev.ghevents.testing.HourServer.Body;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before a Dataflow job is submitted, the launcher asks the source whether any planned hour is out
 * yet (a HEAD request, over a real HTTP server on 127.0.0.1): if none is, the hours are recorded
 * {@code pending} and no job is paid for; the next launch plans them again.
 */
class LaunchPublishedCheckTest {
  private static RunConfig config(Path dir, HourServer server, String hours) {
    return GhEventsPipeline.configure(
        Runs.options(
            "--source=" + server.baseUrl(),
            "--hours=" + hours,
            "--lake=" + dir.resolve("lake"),
            "--duckdbPath=" + Runs.warehouse(dir),
            "--loadId=launch"),
        Runs.CLOCK);
  }

  @Test
  void anHourOutAtTheSourceOrInTheLakeCountsAsPublishedWithoutBeingFetched(@TempDir Path dir)
      throws Exception {
    try (HourServer server = new HourServer()) {
      RunConfig none = config(dir, server, "2021-07-21-6..2021-07-21-7");
      assertTrue(GhEventsPipeline.nonePublished(none));
      assertEquals(1, server.hits("2021-07-21-6"), "one HEAD request an hour");
      server.on("2021-07-21-7", new Body(Files.readAllBytes(Samples.file("2021-07-21-7"))));
      assertFalse(GhEventsPipeline.nonePublished(none));
      assertFalse(
          Files.exists(dir.resolve("lake/raw/2021-07-21/2021-07-21-7.json.gz")),
          "asking does not download");
      Path inLake = dir.resolve("lake/raw/2021-07-21/2021-07-21-8.json.gz");
      Files.createDirectories(inLake.getParent());
      Files.copy(Samples.file("2021-07-21-8"), inLake);
      assertFalse(GhEventsPipeline.nonePublished(config(dir, server, "2021-07-21-8")));
      assertEquals(0, server.hits("2021-07-21-8"), "the lake copy answers first");
    }
  }

  @Test
  void unpublishedHoursAreRecordedPendingWithoutAJob(@TempDir Path dir) throws Exception {
    try (HourServer server = new HourServer();
        DuckDbWarehouse warehouse =
            new DuckDbWarehouse(
                Runs.warehouse(dir), config(dir, server, "2021-07-21-6").datasets())) {
      warehouse.prepare();
      GhEventsPipeline.Outcome outcome =
          GhEventsPipeline.recordWithoutAJob(
              config(dir, server, "2021-07-21-6..2021-07-21-7"), warehouse);
      assertTrue(outcome.succeeded());
      List<LedgerEntry> hours = outcome.summary().hours();
      assertEquals(
          List.of("2021-07-21-6", "2021-07-21-7"), hours.stream().map(LedgerEntry::hour).toList());
      for (LedgerEntry e : hours) {
        assertEquals("pending", e.status());
        assertEquals(0, e.linesRead());
        assertTrue(e.message().contains("no job was submitted"), e.message());
      }
      assertEquals(0, server.hits("2021-07-21-6"), "recording asks the source nothing");
    }
  }
}
