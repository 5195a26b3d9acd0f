package dev.ghevents.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * One line of one hour file, as read from the lake, with what is needed to trace it back: the hour,
 * the file and the 1-based line number.
 *
 * @param sourceHourMicros start of the GH Archive hour the file holds, microseconds since the epoch
 * @param byteLength the line's length in the file, in bytes, without its newline
 */
public record SourceLine(
    long sourceHourMicros, String sourceFile, long lineNumber, String line, long byteLength) {

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
      Wire.writeString(value.line, out);
      Wire.writeVarLong(value.byteLength, out);
    }

    @Override
    public SourceLine decode(InputStream in) throws IOException {
      return new SourceLine(
          Wire.readLong(in),
          Wire.readString(in),
          Wire.readVarLong(in),
          Wire.readString(in),
          Wire.readVarLong(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
