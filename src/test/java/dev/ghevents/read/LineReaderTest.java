package dev.ghevents.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<LineReader.Line> readAll(LineReader reader) throws IOException {
    List<LineReader.Line> lines = new ArrayList<>();
    LineReader.Line line;
    while ((line = reader.next()) != null) {
      lines.add(line);
    }
    return lines;
  }

  private static LineReader reader(String text, int max) {
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void readsTheWholeSampleHourLineForLine() throws IOException {
    List<String> expected = Samples.lines("2021-07-21-7");
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Samples.gzip(expected)))) {
      List<LineReader.Line> lines = readAll(new LineReader(in, 1 << 20));
      assertEquals(200, lines.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), lines.get(i).text());
        assertEquals(i + 1, lines.get(i).number());
        assertEquals(
            expected.get(i).getBytes(StandardCharsets.UTF_8).length, lines.get(i).byteLength());
      }
    }
  }

  @Test
  void crLfEndingsAndAMissingFinalNewline() throws IOException {
    List<LineReader.Line> lines = readAll(reader("a\r\nbb\n\nccc", 100));
    assertEquals(List.of("a", "bb", "", "ccc"), lines.stream().map(LineReader.Line::text).toList());
    assertEquals(4, lines.get(3).number());
  }

  @Test
  void anEmptyStreamHasNoLines() throws IOException {
    assertEquals(List.of(), readAll(reader("", 100)));
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() throws IOException {
    byte[] bytes = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'};
    LineReader.Line line = new LineReader(new ByteArrayInputStream(bytes), 100).next();
    assertEquals("{\uFFFD(}", line.text());
    assertEquals(4, line.byteLength());
  }

  @Test
  void anOversizedLineIsCutAndMarkedAndTheNextLineIsIntact() throws IOException {
    char[] big = new char[3_000_000];
    Arrays.fill(big, 'x');
    List<LineReader.Line> lines =
        readAll(reader("first\n" + new String(big) + "\nlast\n", 1 << 20));
    assertEquals(3, lines.size());
    assertFalse(lines.get(0).oversized());
    assertTrue(lines.get(1).oversized());
    assertEquals(3_000_000, lines.get(1).byteLength());
    assertEquals(LineReader.KEPT_PREFIX, lines.get(1).text().length());
    assertEquals("last", lines.get(2).text());
    assertEquals(3, lines.get(2).number());
  }

  @Test
  void aTruncatedGzipGivesItsCompleteLinesThenTheIncompleteOne() throws IOException {
    List<String> sample = Samples.lines("2021-07-21-8");
    byte[] gz = Samples.gzip(sample);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    LineReader reader = new LineReader(new GZIPInputStream(new ByteArrayInputStream(cut)), 1 << 20);
    List<LineReader.Line> read = new ArrayList<>();
    IOException failure =
        assertThrows(
            IOException.class,
            () -> {
              LineReader.Line line;
              while ((line = reader.next()) != null) {
                read.add(line);
              }
            });
    assertTrue(read.size() > 10 && read.size() < 200, "read " + read.size() + " lines");
    for (int i = 0; i < read.size(); i++) {
      assertEquals(sample.get(i), read.get(i).text());
    }
    // Cut at half the file, the stream stops inside a line: its start is kept for the dead letter.
    LineReader.Line partial = reader.incompleteLine();
    assertEquals(read.size() + 1, partial.number());
    assertTrue(sample.get(read.size()).startsWith(partial.text()));
    assertTrue(partial.text().length() < sample.get(read.size()).length());
    assertEquals("Unexpected end of ZLIB input stream", failure.getMessage());
  }

  @Test
  void noIncompleteLineAfterACleanEnd() throws IOException {
    LineReader reader = reader("a\nb\n", 100);
    readAll(reader);
    assertNull(reader.incompleteLine());
    assertEquals(2, reader.linesRead());
  }

  @Test
  void findsTheFirstNewlineAtEveryOffsetOfAWord() {
    // The search reads eight bytes at a time: a newline at each place in and after a word, with
    // bytes around it that differ from '\n' by one bit, and with a second newline after it.
    for (int len = 0; len <= 19; len++) {
      for (int at = -1; at < len; at++) {
        byte[] b = new byte[len + 3];
        java.util.Arrays.fill(b, (byte) 0x0b);
        b[0] = (byte) 0x8a;
        if (at >= 0) {
          b[1 + at] = '\n';
          if (1 + at + 1 < 1 + len) {
            b[1 + at + 1] = '\n';
          }
        }
        b[len + 2] = '\n'; // past the range: never found
        assertEquals(
            at < 0 ? -1 : 1 + at, LineReader.indexOfNewline(b, 1, 1 + len), len + "/" + at);
      }
    }
  }
}
