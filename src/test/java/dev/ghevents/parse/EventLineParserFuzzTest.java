package dev.ghevents.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;

/**
 * Coverage-guided fuzzing of the line parser with Jazzer, seeded with real sample lines of every
 * type (src/test/resources/.../EventLineParserFuzzTestInputs). Plain test runs replay the seeds and
 * any crash found before; {@code make test} fuzzes for a bounded time and {@code make fuzz} for
 * longer (JAZZER_FUZZ=1).
 */
class EventLineParserFuzzTest {

  /** {@code make test} fuzzes this one for 30 s. */
  @FuzzTest(maxDuration = "30s")
  void neverThrowsAndAlwaysDecides(@NotNull String line) {
    check(line);
  }

  /** {@code make fuzz} fuzzes this one for 10 minutes. */
  @FuzzTest(maxDuration = "10m")
  void neverThrowsAndAlwaysDecidesLong(@NotNull String line) {
    check(line);
  }

  private static void check(String line) {
    EventLineParser.Result result =
        EventLineParser.parse(new SourceLine(0L, "fuzz.json.gz", 1, line, line.length()));
    // Every line is exactly one of: a row, or a dead letter with a reason.
    assertNotEquals(result.row() == null, result.error() == null);
    if (result.ok()) {
      EventRow row = result.row();
      assertFalse(row.id().isEmpty());
      assertFalse(row.type().isEmpty());
      assertEquals(line, row.rawLine());
      String payload = row.payload();
      if (payload != null) {
        assertTrue(payload.startsWith("{") && payload.endsWith("}"), payload);
        assertTrue(line.contains(payload));
      }
      if (row.other() != null) {
        assertTrue(row.other().startsWith("{") && row.other().endsWith("}"), row.other());
      }
    } else {
      assertFalse(result.error().isBlank());
    }
  }
}
