package dev.ghevents.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * One line of one hour file, as read from the lake, with what is needed to trace it back: the hour,
 * the file and the 1-based line number.
 *
 * <p>The line is its well-formed UTF-8 bytes, as read: the parser reads them, the lake and DuckDB
 * write them, and only what needs a String (the envelope's fields, BigQuery's rows, a dead letter)
 * decodes a part of them.
 *
 * @param sourceHourMicros start of the GH Archive hour the file holds, microseconds since the epoch
 * @param line the line's UTF-8 bytes, without its newline; not to be modified
 * @param byteLength the line's length in the file, in bytes, without its newline
 */
public record SourceLine(
    long sourceHourMicros, String sourceFile, long lineNumber, byte[] line, long byteLength) {

  /** A line given as text (tests, tools): its bytes are its UTF-8 encoding. */
  public SourceLine(
      long sourceHourMicros, String sourceFile, long lineNumber, String text, long byteLength) {
    this(
        sourceHourMicros,
        sourceFile,
        lineNumber,
        text.getBytes(StandardCharsets.UTF_8),
        byteLength);
  }

  /** The line decoded. */
  public String text() {
    return new String(line, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceLine s
        && sourceHourMicros == s.sourceHourMicros
        && lineNumber == s.lineNumber
        && byteLength == s.byteLength
        && sourceFile.equals(s.sourceFile)
        && Arrays.equals(line, s.line);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        sourceHourMicros, sourceFile, lineNumber, byteLength, Arrays.hashCode(line));
  }

  @Override
  public String toString() {
    return "SourceLine[" + sourceFile + ":" + lineNumber + " " + text() + "]";
  }

  /** The explicit coder of {@link SourceLine}. */
  public static final class Coder extends CustomCoder<SourceLine> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SourceLine value, OutputStream out) throws IOException {
      Wire.writeLong(value.sourceHourMicros, out);
      Wire.writeString(value.sourceFile, out);
      Wire.writeVarLong(value.lineNumber, out);
      Wire.writeBytes(value.line, out);
      Wire.writeVarLong(value.byteLength, out);
    }

    @Override
    public SourceLine decode(InputStream in) throws IOException {
      return new SourceLine(
          Wire.readLong(in),
          Wire.readString(in),
          Wire.readVarLong(in),
          Wire.readBytes(in),
          Wire.readVarLong(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
