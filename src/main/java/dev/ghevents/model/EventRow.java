package dev.ghevents.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * One event: the flattened envelope of the data contract (docs/ARCHITECTURE.md, "The data
 * contract") plus lineage, kept as a view over the original line. The payload is not copied: it is
 * the verbatim span {@code [payloadStart, payloadEnd)} of the line's UTF-8 bytes, so the raw files
 * and the warehouse share one array per event, and DuckDB takes the span's bytes without a decode.
 *
 * @param createdAtMicros {@code created_at}, microseconds since the epoch (UTC)
 * @param line the original line's UTF-8 bytes; not to be modified
 * @param payloadStart start of the payload in the line's bytes, or -1 if the event has none
 * @param other a JSON object of the top-level fields the contract does not name, or null if none
 * @param sourceHourMicros start of the GH Archive hour whose file held the line
 */
public record EventRow(
    String id,
    String type,
    long createdAtMicros,
    Boolean isPublic,
    Long actorId,
    String actorLogin,
    String actorDisplayLogin,
    Long repoId,
    String repoName,
    Long orgId,
    String orgLogin,
    byte[] line,
    int payloadStart,
    int payloadEnd,
    String other,
    long sourceHourMicros,
    String sourceFile,
    long lineNumber) {

  /** The original line, decoded. */
  public String rawLine() {
    return new String(line, StandardCharsets.UTF_8);
  }

  /** The payload, verbatim, or null if the event has none. */
  public String payload() {
    return payloadStart < 0
        ? null
        : new String(line, payloadStart, payloadEnd - payloadStart, StandardCharsets.UTF_8);
  }

  /** The payload's UTF-8 bytes, verbatim (a copy), or null if the event has none. */
  public byte[] payloadBytes() {
    return payloadStart < 0 ? null : Arrays.copyOfRange(line, payloadStart, payloadEnd);
  }

  // A record compares arrays by identity: these compare the line's content.
  @Override
  public boolean equals(Object o) {
    return o instanceof EventRow r
        && createdAtMicros == r.createdAtMicros
        && payloadStart == r.payloadStart
        && payloadEnd == r.payloadEnd
        && sourceHourMicros == r.sourceHourMicros
        && lineNumber == r.lineNumber
        && id.equals(r.id)
        && type.equals(r.type)
        && Objects.equals(isPublic, r.isPublic)
        && Objects.equals(actorId, r.actorId)
        && Objects.equals(actorLogin, r.actorLogin)
        && Objects.equals(actorDisplayLogin, r.actorDisplayLogin)
        && Objects.equals(repoId, r.repoId)
        && Objects.equals(repoName, r.repoName)
        && Objects.equals(orgId, r.orgId)
        && Objects.equals(orgLogin, r.orgLogin)
        && Objects.equals(other, r.other)
        && sourceFile.equals(r.sourceFile)
        && Arrays.equals(line, r.line);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, createdAtMicros, sourceFile, lineNumber, Arrays.hashCode(line));
  }

  @Override
  public String toString() {
    return "EventRow[" + id + " " + type + " " + sourceFile + ":" + lineNumber + "]";
  }

  /** The table this event belongs in. */
  public String table() {
    return EventTypes.tableOf(type);
  }

  /** The explicit coder of {@link EventRow}. */
  public static final class Coder extends CustomCoder<EventRow> {
    private static final long serialVersionUID = 1L;
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(EventRow r, OutputStream out) throws IOException {
      Wire.writeString(r.id, out);
      Wire.writeString(r.type, out);
      Wire.writeLong(r.createdAtMicros, out);
      Wire.writeNullableBoolean(r.isPublic, out);
      Wire.writeNullableLong(r.actorId, out);
      Wire.writeNullableString(r.actorLogin, out);
      Wire.writeNullableString(r.actorDisplayLogin, out);
      Wire.writeNullableLong(r.repoId, out);
      Wire.writeNullableString(r.repoName, out);
      Wire.writeNullableLong(r.orgId, out);
      Wire.writeNullableString(r.orgLogin, out);
      Wire.writeBytes(r.line, out);
      Wire.writeVarLong(r.payloadStart + 1L, out);
      Wire.writeVarLong(r.payloadEnd + 1L, out);
      Wire.writeNullableString(r.other, out);
      Wire.writeLong(r.sourceHourMicros, out);
      Wire.writeString(r.sourceFile, out);
      Wire.writeVarLong(r.lineNumber, out);
    }

    @Override
    public EventRow decode(InputStream in) throws IOException {
      return new EventRow(
          Wire.readString(in),
          Wire.readString(in),
          Wire.readLong(in),
          Wire.readNullableBoolean(in),
          Wire.readNullableLong(in),
          Wire.readNullableString(in),
          Wire.readNullableString(in),
          Wire.readNullableLong(in),
          Wire.readNullableString(in),
          Wire.readNullableLong(in),
          Wire.readNullableString(in),
          Wire.readBytes(in),
          (int) Wire.readVarLong(in) - 1,
          (int) Wire.readVarLong(in) - 1,
          Wire.readNullableString(in),
          Wire.readLong(in),
          Wire.readString(in),
          Wire.readVarLong(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
