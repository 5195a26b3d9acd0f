package dev.ghevents.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A line that did not become a row, with why. The raw line is cut to {@link #MAX_RAW_CHARS} so one
 * huge bad line cannot blow up the dead-letter table; {@code rawBytes} keeps its full length.
 */
public record DeadLetter(
    long sourceHourMicros,
    String sourceFile,
    long lineNumber,
    String stage,
    String error,
    String raw,
    long rawBytes) {

  public static final int MAX_RAW_CHARS = 65_536;

  /** Stage names recorded in {@code dead_letter.stage}. */
  public static final String STAGE_READ = "read";

  public static final String STAGE_PARSE = "parse";

  /** The warehouse refused the row (BigQuery: too large for an append, or rejected). */
  public static final String STAGE_LAND = "land";

  /** A dead letter for {@code line}, its raw text cut to the bound. */
  public static DeadLetter of(SourceLine line, String stage, String error) {
    return new DeadLetter(
        line.sourceHourMicros(),
        line.sourceFile(),
        line.lineNumber(),
        stage,
        error,
        bounded(line.text()),
        line.byteLength());
  }

  /** {@code raw} cut to {@link #MAX_RAW_CHARS}. */
  public static String bounded(String raw) {
    return raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
  }

  /** The explicit coder of {@link DeadLetter}. */
  public static final class Coder extends CustomCoder<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter value, OutputStream out) throws IOException {
      Wire.writeLong(value.sourceHourMicros, out);
      Wire.writeString(value.sourceFile, out);
      Wire.writeVarLong(value.lineNumber, out);
      Wire.writeString(value.stage, out);
      Wire.writeString(value.error, out);
      Wire.writeString(value.raw, out);
      Wire.writeVarLong(value.rawBytes, out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(
          Wire.readLong(in),
          Wire.readString(in),
          Wire.readVarLong(in),
          Wire.readString(in),
          Wire.readString(in),
          Wire.readString(in),
          Wire.readVarLong(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
