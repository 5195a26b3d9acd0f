package dev.ghevents;

import static dev.ghevents.testing.Warehouses.count;
import static dev.ghevents.testing.Warehouses.rows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline era end to end: the real 2011-2014 sample lines served in the files GH Archive names
 * by US Pacific time, loaded by their UTC hours into DuckDB; and the two hours daylight saving time
 * makes odd, where one file holds two UTC hours and one file name belongs to no UTC hour.
 */
class PipelineTimelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE = "--source=" + Samples.DIR;

  /** The UTC hours of the sample files 2011-02-12-0, 2013-01-16-0, ..., 2014-06-01-1. */
  private static final String HOURS =
      "--hours=2011-02-12-8,2013-01-16-8,2013-08-06-3,2013-09-20-17,2014-06-01-8";

  @TempDir Path dir;

  @Test
  void everyTimelineLineIsOneStagingRowAtItsUtcTimeAndASecondRunAddsNothing() {
    GhEventsPipeline.Outcome first = Runs.run(dir, HOURS, SOURCE, "--loadId=first");
    assertTrue(first.succeeded(), first.failure());
    String w = Runs.warehouse(dir);
    long rows =
        dev.ghevents.testing.Warehouses.stagingCounts(w).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    assertEquals(405, rows);
    assertEquals(0, count(w, "SELECT count(*) FROM gharchive_ops.dead_letter"));
    assertEquals(
        List.of(
            "2011-02-12-8 2011-02-12-0.json.gz 1",
            "2013-01-16-8 2013-01-16-0.json.gz 2",
            "2013-08-06-3 2013-08-05-20.json.gz 1",
            "2013-09-20-17 2013-09-20-10.json.gz 1",
            "2014-06-01-8 2014-06-01-1.json.gz 400"),
        first.summary().hours().stream()
            .map(
                e ->
                    e.hour()
                        + " "
                        + e.sourceUri().substring(e.sourceUri().lastIndexOf('/') + 1)
                        + " "
                        + e.rowsNew())
            .toList(),
        "each UTC hour from the Pacific-named file that holds it");
    // The 2011 file's one event says 00:00:10Z: eight hours before the hour its file holds.
    assertEquals(
        "its events' created_at span 2011-02-12T00:00:10Z .. 2011-02-12T00:00:10Z, outside the hour"
            + " (the file's events are not all of the hour it is named for)",
        first.summary().hours().get(0).message());
    assertEquals(
        4, first.summary().hours().stream().filter(e -> e.message() == null).count(), "the rest");
    Map<String, Object> push =
        rows(
                w,
                "SELECT created_at::VARCHAR AS t, source_hour::VARCHAR AS h, actor_login, repo_name,"
                    + " repo_id FROM gharchive_staging.push_events WHERE repo_name ="
                    + " 'kennethlarsen/podroulette'")
            .get(0);
    assertEquals("2013-01-16 08:00:59", push.get("t"));
    assertEquals("2013-01-16 08:00:00", push.get("h"));
    assertEquals("kennethlarsen", push.get("actor_login"));
    assertEquals(7445635L, push.get("repo_id"));
    assertEquals(
        1,
        count(
            w, "SELECT count(*) FROM gharchive_staging.other_events WHERE type = 'TeamAddEvent'"));
    assertTrue(Files.exists(dir.resolve("lake/raw/2014-06-01/2014-06-01-1.json.gz")));

    GhEventsPipeline.Outcome again = Runs.run(dir, HOURS, SOURCE, "--loadId=again", "--reload");
    assertTrue(again.succeeded(), again.failure());
    assertEquals(0, again.summary().hours().stream().mapToLong(LedgerEntry::rowsNew).sum());
    assertEquals(
        405, again.summary().hours().stream().mapToLong(LedgerEntry::rowsAlreadyPresent).sum());
  }

  /** A real timeline line with its time moved to {@code createdAt}. */
  private static String at(String createdAt) throws Exception {
    ObjectNode e = (ObjectNode) JSON.readTree(Samples.lines("2013-09-20-10").get(0));
    e.put("created_at", createdAt);
    return JSON.writeValueAsString(e);
  }

  @Test
  void theFileOfTheHourDaylightSavingTimeEndsIsFetchedOnceForItsTwoUtcHours() throws Exception {
    Path source = dir.resolve("source");
    // 2012-11-04 01:30 happened twice on the US west coast: PDT (08:30Z), then PST (09:30Z).
    Samples.writeHour(
        source,
        "2012-11-04-1",
        List.of(at("2012-11-04T01:30:00-07:00"), at("2012-11-04T01:30:00-08:00")));
    GhEventsPipeline.Outcome run =
        Runs.run(dir, "--hours=2012-11-04-8..2012-11-04-9", "--source=" + source);
    assertTrue(run.succeeded(), run.failure());
    LedgerEntry eight = run.summary().hours().get(0);
    LedgerEntry nine = run.summary().hours().get(1);
    assertEquals("2012-11-04-8", eight.hour());
    assertEquals(2, eight.linesRead());
    assertEquals(2, eight.rowsNew());
    assertEquals("2012-11-04-9", nine.hour());
    assertEquals("loaded", nine.status());
    assertEquals(0, nine.linesRead());
    assertThat(nine.message(), containsString("in GH Archive's file 2012-11-04-1"));
    assertThat(nine.message(), containsString("counted in 2012-11-04-8's row"));
    assertEquals(
        List.of("2012-11-04 08:30:00", "2012-11-04 09:30:00"),
        rows(
                Runs.warehouse(dir),
                "SELECT created_at::VARCHAR AS t FROM gharchive_staging.gollum_events ORDER BY 1")
            .stream()
            .map(r -> r.get("t"))
            .toList());
  }

  @Test
  void aroundTheSkippedNameEachUtcHourHasItsFileAndALineInTwoFilesLoadsOnce() throws Exception {
    Path source = dir.resolve("source");
    // 2013-03-10 went from 01:59 PST to 03:00 PDT: 09Z is in file -1, 10Z in file -3, none in -2.
    String copied = at("2013-03-10T01:59:59-08:00");
    Samples.writeHour(source, "2013-03-10-1", List.of(copied));
    Samples.writeHour(source, "2013-03-10-3", List.of(at("2013-03-10T03:00:01-07:00"), copied));
    GhEventsPipeline.Outcome run =
        Runs.run(dir, "--hours=2013-03-10-9..2013-03-10-10", "--source=" + source);
    assertTrue(run.succeeded(), run.failure());
    assertEquals(
        List.of("2013-03-10-9 loaded 1 new 0 present", "2013-03-10-10 loaded 1 new 1 present"),
        run.summary().hours().stream()
            .map(
                e ->
                    e.hour()
                        + " "
                        + e.status()
                        + " "
                        + e.rowsNew()
                        + " new "
                        + e.rowsAlreadyPresent()
                        + " present")
            .toList());
    assertEquals(
        2,
        count(
            Runs.warehouse(dir), "SELECT count(DISTINCT id) FROM gharchive_staging.gollum_events"));
  }
}
