package dev.ghevents.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The lake's gzip, compressed in blocks on several threads: any gzip reader gets the bytes back.
 */
class ParallelGzipOutputStreamTest {
  /** A real hour's JSON, several blocks of it, written in pieces of every size. */
  @Test
  void anyGzipReaderReadsBackEveryByteInOrderAcrossItsMembers() throws IOException {
    byte[] hour;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Samples.file("2015-01-01-12")))) {
      hour = in.readAllBytes();
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    while (expected.size() < 3 * ParallelGzipOutputStream.BLOCK + 12_345) {
      expected.write(hour);
    }
    byte[] bytes = expected.toByteArray();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream out = new ParallelGzipOutputStream(file)) {
      int at = 0;
      for (int piece = 1; at < bytes.length; piece = piece % 70_001 + 7) {
        int n = Math.min(piece, bytes.length - at);
        if (n == 1) {
          out.write(bytes[at]);
        } else {
          out.write(bytes, at, n);
        }
        at += n;
      }
    }
    byte[] gz = file.toByteArray();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
    assertEquals(bytes.length / ParallelGzipOutputStream.BLOCK + 1, members(gz));
    assertTrue(gz.length < bytes.length / 4, "level 1 still compresses JSON: " + gz.length);
  }

  @Test
  void anEmptyStreamIsAnEmptyGzipFileNotAnEmptyFile() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    new ParallelGzipOutputStream(file).close();
    assertTrue(file.size() > 0);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file.toByteArray()))) {
      assertEquals(0, in.readAllBytes().length);
    }
  }

  @Test
  void writingAfterCloseIsRefused() throws IOException {
    ParallelGzipOutputStream out = new ParallelGzipOutputStream(new ByteArrayOutputStream());
    out.write('x');
    out.close();
    out.close();
    assertThrows(IOException.class, () -> out.write('y'));
  }

  /** How many gzip members follow one another in {@code gz}. */
  private static int members(byte[] gz) throws IOException {
    int members = 0;
    int at = 0;
    while (at < gz.length) {
      // A member: a 10-byte header (no optional fields here), deflate data, an 8-byte trailer.
      assertEquals(0x1f, gz[at] & 0xff);
      assertEquals(0x8b, gz[at + 1] & 0xff);
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, at + 10, gz.length - at - 10);
      byte[] sink = new byte[1 << 16];
      try {
        while (!inflater.finished()) {
          inflater.inflate(sink);
        }
      } catch (java.util.zip.DataFormatException e) {
        throw new IOException(e);
      }
      at = gz.length - inflater.getRemaining() + 8;
      inflater.end();
      members++;
    }
    return members;
  }
}
