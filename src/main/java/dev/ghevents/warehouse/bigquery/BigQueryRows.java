package dev.ghevents.warehouse.bigquery;

import com.google.api.services.bigquery.model.TableRow;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Rows as BigQueryIO writes them. Timestamps are text in the one form every write method accepts
 * (the Storage Write API's proto conversion and load jobs' JSON alike); JSON columns are the JSON
 * text, verbatim.
 */
public final class BigQueryRows {
  private BigQueryRows() {}

  /**
   * The largest row the Storage Write API takes: one append request carries at most 10 MB, and a
   * row travels with its request's framing. Larger rows become dead letters before the write.
   */
  public static final long MAX_APPEND_ROW_BYTES = 9_500_000;

  /** Error texts from BigQuery are cut to this many characters in a dead letter. */
  static final int MAX_ERROR_CHARS = 4_096;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** {@code micros} since the epoch as a BigQuery TIMESTAMP literal in UTC. */
  public static String timestamp(long micros) {
    return timestamp(
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
  }

  public static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant) + " UTC";
  }

  /** One landing row of {@code r}. */
  public static TableRow event(EventRow r, String loadId, Instant loadedAt) {
    TableRow row = new TableRow();
    row.set("id", r.id());
    row.set("type", r.type());
    row.set("created_at", timestamp(r.createdAtMicros()));
    putIfPresent(row, "public", r.isPublic());
    putIfPresent(row, "actor_id", r.actorId());
    putIfPresent(row, "actor_login", r.actorLogin());
    putIfPresent(row, "actor_display_login", r.actorDisplayLogin());
    putIfPresent(row, "repo_id", r.repoId());
    putIfPresent(row, "repo_name", r.repoName());
    putIfPresent(row, "org_id", r.orgId());
    putIfPresent(row, "org_login", r.orgLogin());
    putIfPresent(row, "payload", r.payload());
    putIfPresent(row, "other", r.other());
    row.set("source_hour", timestamp(r.sourceHourMicros()));
    row.set("source_file", r.sourceFile());
    row.set("source_line", r.lineNumber());
    row.set("load_id", loadId);
    row.set("loaded_at", timestamp(loadedAt));
    return row;
  }

  /** One landing dead-letter row. */
  public static TableRow deadLetter(DeadLetter d, String loadId, Instant recordedAt) {
    return new TableRow()
        .set("load_id", loadId)
        .set("source_hour", timestamp(d.sourceHourMicros()))
        .set("source_file", d.sourceFile())
        .set("line_number", d.lineNumber())
        .set("stage", d.stage())
        .set("error", d.error())
        .set("raw_line", d.raw())
        .set("raw_bytes", d.rawBytes())
        .set("recorded_at", timestamp(recordedAt));
  }

  /** The size of {@code r}'s line in UTF-8 bytes, an upper bound of the row's payload. */
  public static long lineBytes(EventRow r) {
    return r.line().length;
  }

  /**
   * A dead letter for an event BigQuery could not take, with the line cut to the usual bound.
   *
   * @param lineBytes the line's full length in UTF-8 bytes, as the caller has counted it
   */
  public static DeadLetter refused(EventRow r, long lineBytes, String why) {
    return new DeadLetter(
        r.sourceHourMicros(),
        r.sourceFile(),
        r.lineNumber(),
        DeadLetter.STAGE_LAND,
        boundedError(why),
        DeadLetter.bounded(r.rawLine()),
        lineBytes);
  }

  private static String boundedError(String why) {
    return why.length() > MAX_ERROR_CHARS ? why.substring(0, MAX_ERROR_CHARS) : why;
  }

  /**
   * What BigQueryIO hands back for a row it could not write: the line and where it came from, so
   * the dead letter holds the original line rather than the row built from it.
   */
  public static TableRow failure(EventRow r) {
    DeadLetter d = refused(r, r.line().length, "");
    return new TableRow()
        .set("source_hour_micros", d.sourceHourMicros())
        .set("source_file", d.sourceFile())
        .set("source_line", d.lineNumber())
        .set("raw_line", d.raw())
        .set("raw_bytes", d.rawBytes());
  }

  /** The dead letter of a row BigQuery refused, from its {@link #failure} record. */
  public static DeadLetter refusedRow(TableRow failure, String why) {
    return new DeadLetter(
        asLong(failure.get("source_hour_micros")),
        (String) failure.get("source_file"),
        asLong(failure.get("source_line")),
        DeadLetter.STAGE_LAND,
        boundedError(why),
        (String) failure.get("raw_line"),
        asLong(failure.get("raw_bytes")));
  }

  // A TableRow that went through a coder holds JSON numbers as Integer, Long or String.
  private static long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  private static void putIfPresent(TableRow row, String column, Object value) {
    if (value != null) {
      row.set(column, value);
    }
  }
}
