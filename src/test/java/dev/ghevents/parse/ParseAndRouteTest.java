package dev.ghevents.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.EventTypes;
import dev.ghevents.model.SourceLine;
import dev.ghevents.testing.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** The multi-output DoFn on Beam's TestPipeline, asserted with PAssert. */
class ParseAndRouteTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // JUnit 5 has no @Rule: run() is allowed once enforcement is configured by hand.
  private final TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);

  private static List<SourceLine> sourceLines(List<String> lines) {
    List<SourceLine> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      out.add(new SourceLine(0L, "sample.json.gz", i + 1, lines.get(i), lines.get(i).length()));
    }
    return out;
  }

  @Test
  void routesEachTypeToItsOutputAndBadLinesToDeadLetters() throws Exception {
    List<String> lines = new ArrayList<>(Samples.lines("2021-07-21-7"));
    Map<String, Long> expected = new TreeMap<>();
    for (String line : lines) {
      expected.merge(EventTypes.tableOf(JSON.readTree(line).get("type").asText()), 1L, Long::sum);
    }
    lines.add("{\"id\":\"1\",\"type\":\"PushEvent\"}");
    lines.add("<html>");

    RoutedEvents routed =
        pipeline
            .apply(Create.of(sourceLines(lines)).withCoder(SourceLine.Coder.of()))
            .apply(new ParseAndRoute(Set.copyOf(EventTypes.allTables())));

    for (String table : EventTypes.allTables()) {
      PCollection<Long> n = routed.events(table).apply("Count " + table, Count.globally());
      PAssert.thatSingleton("rows of " + table, n).isEqualTo(expected.getOrDefault(table, 0L));
    }
    PCollection<String> reasons =
        routed
            .deadLetters()
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((DeadLetter d) -> d.lineNumber() + ": " + d.error()));
    PAssert.that(reasons)
        .containsInAnyOrder(
            "201: missing required field 'created_at'",
            "202: not valid JSON near column 1: Unexpected character ('<' (code 60)): expected a"
                + " valid value (JSON String, Number, Array, Object or token 'null', 'true' or"
                + " 'false')");
    PAssert.that(routed.skippedHours()).empty();
    pipeline.run().waitUntilFinish();
    assertEquals(14, expected.size(), "the 2021 hour holds 14 event tables' worth of types");
  }

  @Test
  void typesLeftOutAreCountedPerHourNotDropped() {
    List<String> lines = Samples.lines("2021-07-21-8");
    long hourMicros = 1_626_850_800_000_000L;
    List<SourceLine> input = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      input.add(new SourceLine(hourMicros, "h.json.gz", i + 1, lines.get(i), 1));
    }
    RoutedEvents routed =
        pipeline
            .apply(Create.of(input).withCoder(SourceLine.Coder.of()))
            .apply(new ParseAndRoute(Set.of("push_events")));
    PCollection<Long> pushes = routed.events("push_events").apply("Pushes", Count.globally());
    PCollection<Long> skipped = routed.skippedHours().apply("Skipped", Count.globally());
    PCollection<Long> watches = routed.events("watch_events").apply("Watches", Count.globally());
    long expectedPushes = lines.stream().filter(l -> l.contains("\"type\":\"PushEvent\"")).count();
    PAssert.thatSingleton(pushes).isEqualTo(expectedPushes);
    PAssert.thatSingleton(skipped).isEqualTo(200 - expectedPushes);
    PAssert.thatSingleton(watches).isEqualTo(0L);
    PAssert.that(
            routed
                .skippedHours()
                .apply("Distinct", org.apache.beam.sdk.transforms.Distinct.create()))
        .containsInAnyOrder(hourMicros);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void theRowCoderRoundTripsEveryField() throws Exception {
    EventRow row = EventLineParser.parse(sourceLines(Samples.lines("2021-07-21-9")).get(3)).row();
    EventRow withOther =
        new EventRow(
            row.id(),
            row.type(),
            row.createdAtMicros(),
            null,
            row.actorId(),
            row.actorLogin(),
            null,
            row.repoId(),
            row.repoName(),
            null,
            null,
            row.line(),
            -1,
            -1,
            "{\"x\":1}",
            row.sourceHourMicros(),
            row.sourceFile(),
            row.lineNumber());
    for (EventRow r : List.of(row, withOther)) {
      byte[] bytes = org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(EventRow.Coder.of(), r);
      assertEquals(
          r, org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(EventRow.Coder.of(), bytes));
    }
  }
}
