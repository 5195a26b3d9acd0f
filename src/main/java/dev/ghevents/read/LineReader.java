package dev.ghevents.read;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a decompressed hour file into lines, counting them from 1. Lines end at {@code \n} (a
 * trailing {@code \r} is dropped); a last line without a newline is still a line. A line is kept as
 * its UTF-8 bytes, not decoded; bytes that are not valid UTF-8 become U+FFFD, as in TextIO, so such
 * a line still reaches the parser.
 *
 * <p>A line longer than {@code maxLineBytes} is not held in memory: its first {@link #KEPT_PREFIX}
 * bytes are kept, the rest is skipped, and the line comes back {@link Line#oversized()}. If the
 * stream fails mid-line (a truncated gzip), {@link #incompleteLine()} gives the part that was read.
 */
public final class LineReader {
  /** How much of an oversized or incomplete line is kept for the dead-letter table. */
  public static final int KEPT_PREFIX = 65_536;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private byte[] acc = new byte[8192];
  private int accLen;
  private long accFullLen;
  private long lineNumber;
  private boolean eof;

  /**
   * One line: its number, its well-formed UTF-8 bytes (without the newline) and its length in bytes
   * in the file.
   */
  public record Line(long number, byte[] bytes, long byteLength, boolean oversized) {
    /** The line decoded; for tests and messages, the pipeline keeps the bytes. */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at the end of the stream. */
  public Line next() throws IOException {
    while (true) {
      int i = indexOfNewline(buf, pos, limit);
      if (i >= 0) {
        Line line;
        if (accFullLen == 0) {
          line = line(buf, pos, i - pos, i - pos);
        } else {
          accumulate(pos, i);
          line = line(acc, 0, accLen, accFullLen);
          accLen = 0;
          accFullLen = 0;
        }
        pos = i + 1;
        return line;
      }
      accumulate(pos, limit);
      pos = 0;
      limit = 0;
      if (eof) {
        return null;
      }
      int n = in.read(buf);
      if (n < 0) {
        eof = true;
        if (accFullLen > 0) {
          Line last = line(acc, 0, accLen, accFullLen);
          accLen = 0;
          accFullLen = 0;
          return last;
        }
        return null;
      }
      limit = n;
    }
  }

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long NEWLINES = ONES * '\n';

  /** The first {@code \n} in {@code b[from, to)}, or -1: eight bytes at a time (SWAR). */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) WORDS.get(b, i) ^ NEWLINES;
      // A byte of x is zero where the input had a newline; this sets its high bit (the lowest
      // such byte exactly, which is the one wanted).
      long found = (x - ONES) & ~x & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * After {@link #next()} threw: the part of the line being read when the stream failed, or null.
   */
  public Line incompleteLine() {
    if (accFullLen == 0) {
      return null;
    }
    return new Line(
        lineNumber + 1, Utf8.wellFormed(acc, 0, accLen), accFullLen, accFullLen > maxLineBytes);
  }

  /** Lines returned so far. */
  public long linesRead() {
    return lineNumber;
  }

  private void accumulate(int from, int to) {
    int len = to - from;
    if (len == 0) {
      return;
    }
    accFullLen += len;
    if (accFullLen > maxLineBytes) {
      // Keep only the prefix for the dead letter; the rest of the line is counted, not stored.
      int room = Math.max(0, KEPT_PREFIX - accLen);
      len = Math.min(len, room);
      if (accLen > KEPT_PREFIX) {
        accLen = KEPT_PREFIX;
      }
    }
    if (accLen + len > acc.length) {
      acc = Arrays.copyOf(acc, Math.max(accLen + len, acc.length * 2));
    }
    System.arraycopy(buf, from, acc, accLen, len);
    accLen += len;
  }

  private Line line(byte[] bytes, int off, int len, long fullLen) {
    lineNumber++;
    boolean oversized = fullLen > maxLineBytes;
    if (!oversized && len > 0 && bytes[off + len - 1] == '\r') {
      len--;
    }
    return new Line(lineNumber, Utf8.wellFormed(bytes, off, len), fullLen, oversized);
  }
}
