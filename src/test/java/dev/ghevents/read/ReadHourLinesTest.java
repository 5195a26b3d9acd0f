package dev.ghevents.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.fetch.FetchResult;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.SourceLine;
import dev.ghevents.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read stage alone, on real sample hours: every line of a whole file with its number, the
 * readable prefix of a truncated file and its cut last line as a dead letter, and an hour result
 * for every hour, also one with no lake copy.
 */
class ReadHourLinesTest {
  private static final String WHOLE = "2021-07-21-6";
  private static final String CUT = "2021-07-21-7";
  private static final String ABSENT = "2021-07-21-8";

  @TempDir Path dir;

  @Test
  void readsEveryLineKeepsATruncatedFilesPrefixAndAccountsForEveryHour() throws Exception {
    Path whole = Samples.file(WHOLE);
    byte[] bytes = Files.readAllBytes(Samples.file(CUT));
    // Cut the gzip stream two thirds in: the lines before the damage are data.
    Path cut = Samples.writeBytes(dir, CUT, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    List<FetchResult> fetched =
        List.of(
            new FetchResult(
                WHOLE,
                "src/" + WHOLE,
                whole.toString(),
                FetchResult.Outcome.ALREADY_IN_LAKE,
                Files.size(whole),
                null),
            new FetchResult(
                CUT,
                "src/" + CUT,
                cut.toString(),
                FetchResult.Outcome.FETCHED,
                Files.size(cut),
                null),
            new FetchResult(
                ABSENT, "src/" + ABSENT, null, FetchResult.Outcome.NOT_FOUND, 0, "404 Not Found"));

    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple read =
        pipeline
            .apply(Create.of(fetched).withCoder(SerializableCoder.of(FetchResult.class)))
            .apply(new ReadHourLines(ReadHourLines.DEFAULT_MAX_LINE_BYTES));

    int wholeLines = Samples.lines(WHOLE).size();
    // The checks run serialized: they capture text, not paths.
    String wholeFile = whole.toString();
    String cutFile = cut.toString();
    String firstLine = Samples.lines(WHOLE).get(0);
    PAssert.that(read.get(ReadHourLines.LINES).apply("Lines", Count.globally()))
        .satisfies(
            n -> {
              long total = n.iterator().next();
              // Every line of the whole hour, and a strict, non-empty prefix of the cut one.
              assertTrue(total > wholeLines && total < wholeLines + 200, "lines " + total);
              return null;
            });
    PAssert.that(read.get(ReadHourLines.LINES))
        .satisfies(
            lines -> {
              Map<String, List<Long>> numbers =
                  StreamSupport.stream(lines.spliterator(), false)
                      .collect(
                          Collectors.groupingBy(
                              SourceLine::sourceFile,
                              Collectors.mapping(SourceLine::lineNumber, Collectors.toList())));
              List<Long> first = numbers.get(wholeFile).stream().sorted().toList();
              assertEquals(wholeLines, first.size());
              assertEquals(1L, first.get(0));
              assertEquals((long) wholeLines, first.get(first.size() - 1));
              SourceLine any =
                  StreamSupport.stream(lines.spliterator(), false)
                      .filter(l -> l.sourceFile().equals(wholeFile) && l.lineNumber() == 1)
                      .findFirst()
                      .get();
              assertEquals(firstLine, any.text());
              return null;
            });
    PAssert.that(read.get(ReadHourLines.DEAD_LETTERS))
        .satisfies(
            letters -> {
              List<DeadLetter> all = StreamSupport.stream(letters.spliterator(), false).toList();
              assertEquals(1, all.size(), "only the cut line");
              assertEquals(DeadLetter.STAGE_READ, all.get(0).stage());
              assertEquals(cutFile, all.get(0).sourceFile());
              return null;
            });
    PAssert.that(read.get(ReadHourLines.HOURS))
        .satisfies(
            hours -> {
              Map<String, HourResult> byName =
                  StreamSupport.stream(hours.spliterator(), false)
                      .collect(Collectors.toMap(HourResult::hour, h -> h));
              assertEquals(3, byName.size());
              assertEquals(HourStatus.LOADED, byName.get(WHOLE).status());
              assertEquals(wholeLines, byName.get(WHOLE).linesRead());
              assertEquals(HourStatus.CORRUPT, byName.get(CUT).status());
              assertTrue(byName.get(CUT).message().startsWith("damaged file, read "));
              assertEquals(HourStatus.PENDING, byName.get(ABSENT).status());
              assertEquals("404 Not Found", byName.get(ABSENT).message());
              assertEquals(0, byName.get(ABSENT).linesRead());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
