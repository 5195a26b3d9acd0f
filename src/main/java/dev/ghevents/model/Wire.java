package dev.ghevents.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.util.VarInt;

/**
 * Field encodings shared by the explicit coders of this package: varints and length-prefixed UTF-8.
 */
final class Wire {
  private Wire() {}

  static void writeString(String value, OutputStream out) throws IOException {
    writeBytes(value.getBytes(StandardCharsets.UTF_8), out);
  }

  static String readString(InputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  static void writeBytes(byte[] bytes, OutputStream out) throws IOException {
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  static byte[] readBytes(InputStream in) throws IOException {
    return readFully(in, VarInt.decodeInt(in));
  }

  static void writeNullableString(String value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      writeString(value, out);
    }
  }

  static String readNullableString(InputStream in) throws IOException {
    return readPresence(in) ? readString(in) : null;
  }

  /** Eight bytes, big-endian (as DataOutputStream), without a wrapper stream per field. */
  static void writeLong(long value, OutputStream out) throws IOException {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    out.write(bytes);
  }

  static long readLong(InputStream in) throws IOException {
    long value = 0;
    for (byte b : readFully(in, 8)) {
      value = (value << 8) | (b & 0xFF);
    }
    return value;
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException("truncated element");
    }
    return bytes;
  }

  static void writeVarLong(long value, OutputStream out) throws IOException {
    VarInt.encode(value, out);
  }

  static long readVarLong(InputStream in) throws IOException {
    return VarInt.decodeLong(in);
  }

  static void writeNullableLong(Long value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      writeLong(value, out);
    }
  }

  static Long readNullableLong(InputStream in) throws IOException {
    return readPresence(in) ? readLong(in) : null;
  }

  static void writeNullableBoolean(Boolean value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : value ? 2 : 1);
  }

  static Boolean readNullableBoolean(InputStream in) throws IOException {
    int b = readByte(in);
    return b == 0 ? null : b == 2;
  }

  private static boolean readPresence(InputStream in) throws IOException {
    return readByte(in) != 0;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("truncated element");
    }
    return b;
  }
}
