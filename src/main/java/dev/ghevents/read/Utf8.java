package dev.ghevents.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines travel as their UTF-8 bytes, never decoded unless a String is needed. These are the bytes a
 * line may carry: well-formed UTF-8 as the JDK's decoder accepts it (Unicode's table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF); anything else is repaired the way the
 * decoder would (each bad sequence becomes U+FFFD), so a line always reaches the parser.
 */
final class Utf8 {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** {@code bytes[off, off+len)} as a new array of well-formed UTF-8. */
  static byte[] wellFormed(byte[] bytes, int off, int len) {
    if (isWellFormed(bytes, off, len)) {
      return Arrays.copyOfRange(bytes, off, off + len);
    }
    return new String(bytes, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
  }

  static boolean isWellFormed(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      // ASCII, most of every line, eight bytes at a time.
      while (i + 8 <= end && ((long) WORDS.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= end) {
        break;
      }
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c >= 0xc2 && c <= 0xdf) {
        if (i + 1 >= end || !continuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c >= 0xe0 && c <= 0xef) {
        if (i + 2 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        int low = c == 0xe0 ? 0xa0 : 0x80;
        int high = c == 0xed ? 0x9f : 0xbf;
        if (c1 < low || c1 > high || !continuation(b[i + 2])) {
          return false;
        }
        i += 3;
      } else if (c >= 0xf0 && c <= 0xf4) {
        if (i + 3 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xff;
        int low = c == 0xf0 ? 0x90 : 0x80;
        int high = c == 0xf4 ? 0x8f : 0xbf;
        if (c1 < low || c1 > high || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
