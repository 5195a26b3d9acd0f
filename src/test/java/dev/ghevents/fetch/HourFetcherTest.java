package dev.ghevents.fetch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ghevents.fetch.FetchResult.Outcome;
import dev.ghevents.hours.GhHour;
import dev.ghevents.lake.LakeLayout;
import dev.ghevents.testing.HourServer;
import dev.ghevents.testing.HourServer.Body;
import dev.ghevents.testing.HourServer.CutBody;
import dev.ghevents.testing.HourServer.Stall;
import dev.ghevents.testing.HourServer.Status;
import dev.ghevents.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourFetcherTest {
  private static final String HOUR = "2021-07-21-7";
  private static byte[] sample;

  @TempDir Path dir;
  private HourServer server;
  private LakeLayout lake;

  @BeforeAll
  static void setUp() throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    sample = Files.readAllBytes(Samples.file(HOUR));
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new HourServer();
    lake = new LakeLayout(dir.resolve("lake").toString());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Retries 2 times after the first attempt, 1 s stall time-out, 10 ms first backoff. */
  private FetchResult fetch(String source) {
    return new HourFetcher(source, lake, new HttpDownloader(2, 1000, 10)).fetch(GhHour.parse(HOUR));
  }

  private Path lakeFile() {
    return Path.of(lake.rawFile(GhHour.parse(HOUR)));
  }

  /** Nothing but the finished file in the lake: no temporary part left behind. */
  private long filesInLake() throws IOException {
    if (!Files.exists(dir.resolve("lake"))) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir.resolve("lake"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void copiesTheFileByteForByteIntoTheLake() throws IOException {
    server.on(HOUR, new Body(sample));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FETCHED, result.outcome());
    assertEquals(sample.length, result.bytes());
    assertEquals(server.baseUrl() + "/" + HOUR + ".json.gz", result.sourceUri());
    assertArrayEquals(sample, Files.readAllBytes(lakeFile()));
    assertEquals(1, filesInLake());
  }

  @Test
  void a404IsNotAFailureButNotFound() throws IOException {
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.NOT_FOUND, result.outcome());
    assertThat(result.message(), containsString("404"));
    assertNull(result.lakePath());
    assertEquals(1, server.hits(HOUR));
    assertEquals(0, filesInLake());
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() throws IOException {
    server.on(HOUR, new Status(503), new Status(500), new Body(sample));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FETCHED, result.outcome());
    assertEquals(3, server.hits(HOUR));
    assertArrayEquals(sample, Files.readAllBytes(lakeFile()));
  }

  @Test
  void aBodyCutMidStreamIsRetriedAndNeverLeftInTheLake() throws IOException {
    server.on(HOUR, new CutBody(sample), new Body(sample));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FETCHED, result.outcome());
    assertEquals(2, server.hits(HOUR));
    assertArrayEquals(sample, Files.readAllBytes(lakeFile()));
    assertEquals(1, filesInLake());
  }

  @Test
  void givesUpAfterTheRetriesAndSaysWhy() throws IOException {
    server.on(HOUR, new CutBody(sample));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FAILED, result.outcome());
    assertThat(result.message(), containsString("after 3 attempts"));
    assertEquals(3, server.hits(HOUR));
    assertFalse(Files.exists(lakeFile()));
    assertEquals(0, filesInLake());
  }

  @Test
  void aStalledBodyTimesOutAndIsRetried() throws IOException {
    server.on(HOUR, new Stall(sample, 3000), new Body(sample));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FETCHED, result.outcome());
    assertEquals(2, server.hits(HOUR));
    assertArrayEquals(sample, Files.readAllBytes(lakeFile()));
  }

  @Test
  void aClientErrorOtherThan404FailsAtOnce() {
    server.on(HOUR, new Status(403));
    FetchResult result = fetch(server.baseUrl());
    assertEquals(Outcome.FAILED, result.outcome());
    assertThat(result.message(), containsString("HTTP 403"));
    assertEquals(1, server.hits(HOUR));
  }

  @Test
  void aFileAlreadyInTheLakeIsNotFetchedAgain() throws IOException {
    server.on(HOUR, new Body(sample));
    assertEquals(Outcome.FETCHED, fetch(server.baseUrl()).outcome());
    FetchResult again = fetch(server.baseUrl());
    assertEquals(Outcome.ALREADY_IN_LAKE, again.outcome());
    assertEquals(sample.length, again.bytes());
    assertEquals(1, server.hits(HOUR));
  }

  @Test
  void copiesFromALocalFolderAndReportsAMissingFile() throws IOException {
    FetchResult result = fetch(Samples.DIR.toString());
    assertEquals(Outcome.FETCHED, result.outcome());
    assertArrayEquals(sample, Files.readAllBytes(lakeFile()));

    FetchResult missing =
        new HourFetcher(dir.resolve("empty").toString(), lake, new HttpDownloader(0, 1000, 10))
            .fetch(GhHour.parse("2021-07-21-10"));
    assertEquals(Outcome.NOT_FOUND, missing.outcome());
  }

  @Test
  void theSizeIsKnownBeforeTheFetchOnlyWithoutARequest() {
    HttpDownloader http = new HttpDownloader(0, 1000, 10);
    GhHour hour = GhHour.parse(HOUR);
    assertEquals(
        sample.length, new HourFetcher(Samples.DIR.toString(), lake, http).knownSize(hour));
    assertEquals(
        sample.length,
        new HourFetcher(Samples.DIR.toUri().toString(), lake, http).knownSize(hour),
        "a file: URI");
    assertNull(
        new HourFetcher(Samples.DIR.toString(), lake, http).knownSize(GhHour.parse("2021-07-22-0")),
        "no such file: not known");
    HourFetcher overHttp = new HourFetcher(server.baseUrl(), lake, http);
    assertNull(overHttp.knownSize(hour), "a download's size is not asked for");
    assertNull(new HourFetcher("gs://bucket/hours", lake, http).knownSize(hour));
    assertEquals(0, server.hits(HOUR));

    server.on(HOUR, new Body(sample));
    assertEquals(Outcome.FETCHED, overHttp.fetch(hour).outcome());
    assertEquals(sample.length, overHttp.knownSize(hour), "the lake's copy");
  }
}
