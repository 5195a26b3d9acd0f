package dev.ghevents.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the span of a line's top-level {@code payload} object while checking that the whole line is
 * one strict JSON object (RFC 8259: no comments, quotes, leading zeros or bare control characters),
 * without building tokens or hashing field names: the payload is most of a line, and skipping it
 * with Jackson was most of the parse. Strings are searched eight bytes at a time.
 *
 * <p>It is a fast path, never a judge: it answers {@link #NONE} whenever it is not sure (invalid
 * JSON, nesting deeper than {@link #MAX_DEPTH}, a number longer than {@link #MAX_NUMBER}, a payload
 * that is not an object, written twice or with an escaped name), and the parser then reads the line
 * with Jackson alone, which decides and words the error. So it may be stricter than Jackson, never
 * more lenient (EventLineParserTest compares both paths on every sample line and on damaged copies
 * of them). The line's bytes are well-formed UTF-8 already ({@code read/Utf8}).
 */
final class PayloadScan {
  /** No fast path for this line. */
  static final long NONE = -1;

  /** Deeper nesting goes to Jackson, whose own limit is 1,000. */
  static final int MAX_DEPTH = 200;

  /** Longer numbers go to Jackson, which has limits of its own on them. */
  static final int MAX_NUMBER = 100;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;
  private static final byte[] PAYLOAD_KEY = "\"payload\"".getBytes();
  private static final int FAIL = -1;

  private PayloadScan() {}

  /** The payload's start in the span's high 32 bits, its end (exclusive) in the low ones. */
  static long span(int start, int end) {
    return ((long) start << 32) | end;
  }

  static int start(long span) {
    return (int) (span >>> 32);
  }

  static int end(long span) {
    return (int) span;
  }

  /**
   * The span of {@code line}'s top-level {@code payload} object if the line is exactly one valid
   * JSON object with one such field, else {@link #NONE}.
   */
  static long payloadSpan(byte[] line) {
    int len = line.length;
    int i = whitespace(line, 0, len);
    if (i >= len || line[i] != '{') {
      return NONE;
    }
    long[] payload = {NONE};
    i = object(line, i, len, 1, payload);
    return i != FAIL && whitespace(line, i, len) == len ? payload[0] : NONE;
  }

  private static boolean isPayloadKey(byte[] b, int from, int to) {
    if (to - from != PAYLOAD_KEY.length) {
      return false;
    }
    for (int k = 0; k < PAYLOAD_KEY.length; k++) {
      if (b[from + k] != PAYLOAD_KEY[k]) {
        return false;
      }
    }
    return true;
  }

  /** The end of the value at {@code i}, or {@link #FAIL}; {@code depth} counts its containers. */
  private static int value(byte[] b, int i, int len, int depth) {
    if (i >= len) {
      return FAIL;
    }
    return switch (b[i]) {
      case '"' -> string(b, i, len);
      case '{' -> object(b, i, len, depth + 1, null);
      case '[' -> array(b, i, len, depth + 1);
      case 't' -> literal(b, i, len, "true");
      case 'f' -> literal(b, i, len, "false");
      case 'n' -> literal(b, i, len, "null");
      default -> number(b, i, len);
    };
  }

  /**
   * The end of the object at {@code i}, or {@link #FAIL}. Given {@code payload} (the line's own
   * object), its {@code payload} field's span is put there; written twice or not an object, the
   * line is left to Jackson.
   */
  private static int object(byte[] b, int i, int len, int depth, long[] payload) {
    if (depth > MAX_DEPTH) {
      return FAIL;
    }
    i = whitespace(b, i + 1, len);
    if (i < len && b[i] == '}') {
      return i + 1;
    }
    while (true) {
      if (i >= len || b[i] != '"') {
        return FAIL;
      }
      int key = i;
      i = string(b, i, len);
      if (i == FAIL) {
        return FAIL;
      }
      boolean isPayload = payload != null && isPayloadKey(b, key, i);
      i = whitespace(b, i, len);
      if (i >= len || b[i] != ':') {
        return FAIL;
      }
      int value = whitespace(b, i + 1, len);
      i = value(b, value, len, depth);
      if (i == FAIL) {
        return FAIL;
      }
      if (isPayload) {
        if (payload[0] != NONE || b[value] != '{') {
          return FAIL;
        }
        payload[0] = span(value, i);
      }
      i = whitespace(b, i, len);
      if (i >= len) {
        return FAIL;
      }
      if (b[i] == '}') {
        return i + 1;
      }
      if (b[i] != ',') {
        return FAIL;
      }
      i = whitespace(b, i + 1, len);
    }
  }

  private static int array(byte[] b, int i, int len, int depth) {
    if (depth > MAX_DEPTH) {
      return FAIL;
    }
    i = whitespace(b, i + 1, len);
    if (i < len && b[i] == ']') {
      return i + 1;
    }
    while (true) {
      i = value(b, i, len, depth);
      if (i == FAIL) {
        return FAIL;
      }
      i = whitespace(b, i, len);
      if (i >= len) {
        return FAIL;
      }
      if (b[i] == ']') {
        return i + 1;
      }
      if (b[i] != ',') {
        return FAIL;
      }
      i = whitespace(b, i + 1, len);
    }
  }

  /**
   * The end of the string whose opening quote is at {@code i}: eight bytes at a time while none is
   * a quote, a backslash or a control character, byte by byte around those.
   */
  private static int string(byte[] b, int i, int len) {
    i++;
    while (true) {
      while (i + 8 <= len) {
        long w = (long) LONGS.get(b, i);
        if ((zeroByte(w ^ QUOTES) | zeroByte(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS)) != 0) {
          break;
        }
        i += 8;
      }
      int stop = Math.min(len, i + 8);
      for (; i < stop; i++) {
        int c = b[i] & 0xff;
        if (c == '"') {
          return i + 1;
        }
        if (c < 0x20) {
          return FAIL;
        }
        if (c == '\\') {
          i = escape(b, i, len);
          if (i == FAIL) {
            return FAIL;
          }
          break;
        }
      }
      if (i >= len) {
        return FAIL;
      }
    }
  }

  /**
   * Nonzero where {@code w} has a zero byte (exact for the lowest; enough to stop the fast loop).
   */
  private static long zeroByte(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /** The index after the escape whose backslash is at {@code i}, or {@link #FAIL}. */
  private static int escape(byte[] b, int i, int len) {
    if (i + 1 >= len) {
      return FAIL;
    }
    switch (b[i + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 2;
      }
      case 'u' -> {
        if (i + 6 > len) {
          return FAIL;
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (Character.digit(b[k], 16) < 0) {
            return FAIL;
          }
        }
        return i + 6;
      }
      default -> {
        return FAIL;
      }
    }
  }

  private static int literal(byte[] b, int i, int len, String word) {
    if (i + word.length() > len) {
      return FAIL;
    }
    for (int k = 0; k < word.length(); k++) {
      if (b[i + k] != word.charAt(k)) {
        return FAIL;
      }
    }
    // What follows must be a separator; the caller checks which.
    return i + word.length();
  }

  /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; the caller checks what follows. */
  private static int number(byte[] b, int i, int len) {
    int start = i;
    if (i < len && b[i] == '-') {
      i++;
    }
    if (i >= len || !isDigit(b[i])) {
      return FAIL;
    }
    if (b[i] == '0') {
      i++;
    } else {
      i = digits(b, i, len);
    }
    if (i < len && b[i] == '.') {
      int fraction = i + 1;
      i = digits(b, fraction, len);
      if (i == fraction) {
        return FAIL;
      }
    }
    if (i < len && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < len && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponent = i;
      i = digits(b, exponent, len);
      if (i == exponent) {
        return FAIL;
      }
    }
    return i - start > MAX_NUMBER ? FAIL : i;
  }

  private static int digits(byte[] b, int i, int len) {
    while (i < len && isDigit(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The first index at or after {@code i} that is not JSON whitespace (space, tab, LF, CR). */
  private static int whitespace(byte[] b, int i, int len) {
    while (i < len) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }
}
