package dev.ghevents.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.model.SourceLine;
import dev.ghevents.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PayloadScanTest {
  private static long scan(String line) {
    return PayloadScan.payloadSpan(line.getBytes(StandardCharsets.UTF_8));
  }

  private static String payloadOf(String line) {
    long span = scan(line);
    assertTrue(span != PayloadScan.NONE, () -> "no fast path for " + line);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return new String(
        bytes,
        PayloadScan.start(span),
        PayloadScan.end(span) - PayloadScan.start(span),
        StandardCharsets.UTF_8);
  }

  @Test
  void findsThePayloadObjectExactlyWhateverItHolds() {
    assertEquals("{}", payloadOf("{\"id\":\"1\",\"payload\":{}}"));
    assertEquals(
        "{\"a\":\"x\\\"}\",\"b\":[1,-2.5e+3,true,false,null,{\"c\":[]}],\"é\":\"\\u00e9\"}",
        payloadOf(
            " { \"payload\" : {\"a\":\"x\\\"}\",\"b\":[1,-2.5e+3,true,false,null,{\"c\":[]}],"
                + "\"é\":\"\\u00e9\"} , \"type\":\"PushEvent\" }\r"));
    // A quote or a backslash at every offset of the eight-byte search.
    for (int pad = 0; pad < 20; pad++) {
      String text = "x".repeat(pad) + "\\\\\\\"" + "y".repeat(pad) + "\\n";
      assertEquals(
          "{\"s\":\"" + text + "\"}", payloadOf("{\"payload\":{\"s\":\"" + text + "\"},\"a\":1}"));
    }
  }

  @Test
  void answersNoneForEveryFaultAndEveryCaseItLeavesToJackson() {
    List<String> none =
        List.of(
            "",
            "[]",
            "{\"id\":\"1\"}",
            "{\"payload\":null}",
            "{\"payload\":[1]}",
            "{\"payload\":{},\"payload\":{}}",
            "{\"pay\\u006coad\":{}}",
            "{\"payload\":{\"a\":tru}}",
            "{\"payload\":{\"a\":truex}}",
            "{\"payload\":{\"a\":01}}",
            "{\"payload\":{\"a\":1.}}",
            "{\"payload\":{\"a\":1e}}",
            "{\"payload\":{\"a\":-}}",
            "{\"payload\":{\"a\":+1}}",
            "{\"payload\":{\"a\":NaN}}",
            "{\"payload\":{\"a\":\"\u0001\"}}",
            "{\"payload\":{\"a\":\"tab\there\"}}",
            "{\"payload\":{\"a\":\"\\q\"}}",
            "{\"payload\":{\"a\":\"\\u12g4\"}}",
            "{\"payload\":{\"a\":'x'}}",
            "{\"payload\":{\"a\":1,}}",
            "{\"payload\":{\"a\":[1,]}}",
            "{\"payload\":{\"a\" 1}}",
            "{\"payload\":{a:1}}",
            "{\"payload\":{\"a\":1}/*c*/}",
            "{\"payload\":{\"a\":\"unterminated}}",
            "{\"payload\":{}} trailing",
            "{\"payload\":{}}{}",
            "{\"payload\":{}\u000b}",
            "{\"payload\":{\"n\":" + "1".repeat(PayloadScan.MAX_NUMBER + 1) + "}}",
            "{\"payload\":"
                + "[".repeat(PayloadScan.MAX_DEPTH)
                + "]".repeat(PayloadScan.MAX_DEPTH)
                + "}");
    for (String line : none) {
      assertEquals(PayloadScan.NONE, scan(line), line);
    }
    String nested = "[".repeat(PayloadScan.MAX_DEPTH - 2) + "]".repeat(PayloadScan.MAX_DEPTH - 2);
    assertEquals("{\"a\":" + nested + "}", payloadOf("{\"payload\":{\"a\":" + nested + "}}"));
  }

  /** Every line of every bundled file, in every era. */
  private static List<String> everySampleLine() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(Samples.DIR)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json.gz")) {
          lines.addAll(Samples.lines(name.substring(0, name.length() - ".json.gz".length())));
        } else if (name.endsWith(".json")) {
          lines.addAll(Files.readAllLines(f));
        }
      }
    }
    return lines;
  }

  private static EventLineParser.Result parse(String line, long number) {
    return EventLineParser.parse(
        new SourceLine(
            0L, "test.json.gz", number, line, line.getBytes(StandardCharsets.UTF_8).length));
  }

  private static EventLineParser.Result jacksonOnly(String line, long number) {
    return EventLineParser.parseWithJackson(
        new SourceLine(
            0L, "test.json.gz", number, line, line.getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void theParserGivesJacksonsAnswerOnEverySampleLineAndTakesTheFastPathForNearlyAll()
      throws Exception {
    List<String> lines = everySampleLine();
    int fast = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertEquals(jacksonOnly(line, i), parse(line, i), line);
      if (scan(line) != PayloadScan.NONE) {
        fast++;
      }
    }
    assertTrue(lines.size() > 9_000, "lines: " + lines.size());
    // The timeline era's lines too have an object payload; only blank or odd lines go to Jackson.
    assertTrue(fast > lines.size() * 0.99, fast + " of " + lines.size());
  }

  @Test
  void theParserGivesJacksonsAnswerOnDamagedCopiesOfRealLines() throws Exception {
    List<String> lines = everySampleLine();
    String bytes = "{}[]\":,\\0-+.eE1tfnu \t\u0001\u007f/'x";
    Random random = new Random(20261202);
    int refused = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder line = new StringBuilder(lines.get(random.nextInt(lines.size())));
      if (line.isEmpty()) {
        continue;
      }
      for (int edits = 1 + random.nextInt(3); edits > 0 && !line.isEmpty(); edits--) {
        int at = random.nextInt(line.length());
        char c = bytes.charAt(random.nextInt(bytes.length()));
        switch (random.nextInt(4)) {
          case 0 -> line.setCharAt(at, c);
          case 1 -> line.insert(at, c);
          case 2 -> line.deleteCharAt(at);
          default -> line.setLength(at);
        }
      }
      String damaged = line.toString();
      EventLineParser.Result expected = jacksonOnly(damaged, n);
      assertEquals(expected, parse(damaged, n), damaged);
      if (!expected.ok()) {
        refused++;
      }
    }
    // Most damage makes the line invalid, so the comparison covered Jackson's refusals.
    assertTrue(refused > 10_000, "refused: " + refused);
  }
}
