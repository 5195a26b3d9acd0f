package dev.ghevents.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

  /** Reads {@code in} to its end in reads of {@code size} bytes. */
  private static byte[] readAll(InputStream in, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[size];
    int n;
    while ((n = in.read(buf, 0, size)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] sampleHour() throws IOException {
    return Files.readAllBytes(Samples.file("2015-01-01-12"));
  }

  @Test
  void givesTheDecompressedHourByteForByteWhateverTheReadSize() throws IOException {
    byte[] gzip = sampleHour();
    byte[] expected = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
    // The 2015 sample hour is 18 MB of JSON: about 70 blocks, so each of the 8 is reused often.
    assertTrue(
        expected.length > 4 * ReadAheadInputStream.BLOCK_BYTES * ReadAheadInputStream.BLOCKS);
    for (int size : new int[] {1 << 20, 7919, ReadAheadInputStream.BLOCK_BYTES + 1}) {
      try (InputStream in =
          new ReadAheadInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)), "test")) {
        assertArrayEquals(expected, readAll(in, size), "reads of " + size + " bytes");
        assertEquals(-1, in.read(new byte[10], 0, 10), "the end stays the end");
      }
    }
  }

  @Test
  void aStreamEndingOnABlockBoundaryAndAnEmptyStream() throws IOException {
    byte[] exact = new byte[2 * ReadAheadInputStream.BLOCK_BYTES];
    Arrays.fill(exact, (byte) 'x');
    exact[exact.length - 1] = '\n';
    try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(exact), "test")) {
      assertArrayEquals(exact, readAll(in, 4096));
    }
    try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(new byte[0]), "t")) {
      assertEquals(-1, in.read());
    }
  }

  @Test
  void aTruncatedGzipGivesItsReadablePrefixThenTheSameFailure() throws IOException {
    byte[] gzip = sampleHour();
    byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
    ByteArrayOutputStream direct = new ByteArrayOutputStream();
    IOException directFailure =
        assertThrows(
            IOException.class,
            () -> new GZIPInputStream(new ByteArrayInputStream(cut)).transferTo(direct));

    ByteArrayOutputStream ahead = new ByteArrayOutputStream();
    InputStream in =
        new ReadAheadInputStream(new GZIPInputStream(new ByteArrayInputStream(cut)), "test");
    byte[] buf = new byte[65536];
    IOException failure =
        assertThrows(
            IOException.class,
            () -> {
              int n;
              while ((n = in.read(buf, 0, buf.length)) >= 0) {
                ahead.write(buf, 0, n);
              }
            });
    assertEquals(directFailure.getMessage(), failure.getMessage());
    assertTrue(direct.size() > 1 << 20, "a prefix of megabytes was readable");
    assertArrayEquals(direct.toByteArray(), ahead.toByteArray());
    IOException again = assertThrows(IOException.class, () -> in.read(buf, 0, 1));
    assertSame(failure, again, "every later read throws the same failure");
    in.close();
  }

  @Test
  void aRuntimeFailureOfTheStreamReachesTheReaderAsItIs() {
    IllegalStateException boom = new IllegalStateException("boom");
    InputStream failing =
        new InputStream() {
          @Override
          public int read() {
            throw boom;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            throw boom;
          }
        };
    try (InputStream in = new ReadAheadInputStream(failing, "test")) {
      assertSame(boom, assertThrows(IllegalStateException.class, in::read));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void closingBeforeTheEndStopsTheThreadAndClosesTheStream() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    CountDownLatch blocksReady = new CountDownLatch(1);
    InputStream endless =
        new FilterInputStream(InputStream.nullInputStream()) {
          @Override
          public int read(byte[] b, int off, int len) {
            blocksReady.countDown();
            Arrays.fill(b, off, off + len, (byte) 'y');
            return len;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    ReadAheadInputStream in = new ReadAheadInputStream(endless, "endless");
    assertTrue(blocksReady.await(10, TimeUnit.SECONDS));
    assertEquals('y', in.read());
    in.close();
    assertTrue(closed.get(), "the stream is closed with the reader");
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("read-ahead endless") && t.isAlive()),
        "the thread has ended");
    assertThrows(IOException.class, () -> in.read(new byte[1], 0, 1));
  }
}
