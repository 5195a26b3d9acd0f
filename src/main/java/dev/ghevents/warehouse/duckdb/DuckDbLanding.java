package dev.ghevents.warehouse.duckdb;

import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.duckdb.DuckDBAppender;

/**
 * Writes a run's rows into its DuckDB landing tables ({@link DuckDbMemoryLanding}) with DuckDB's
 * Appender, its bulk insert path. The rows are handed over to the load's {@link
 * DuckDbLandingWriter}, which appends them on a thread of its own while the runner goes on; the
 * commit waits for them. Emits one count per bundle, of the rows handed over, as the signal the
 * commit waits on.
 */
final class DuckDbLanding<T> extends PTransform<PCollection<T>, PCollection<Long>> {
  private static final long serialVersionUID = 1L;

  /** Appends one element's columns, in the table's column order. */
  interface RowWriter<T> extends Serializable {
    void append(DuckDBAppender appender, T element, String loadId, LocalDateTime loadedAt)
        throws SQLException;
  }

  private final DuckDbWarehouse warehouse;
  private final SerializableFunction<T, String> tableOf;
  private final String loadId;
  private final RowWriter<T> writer;
  private final String counter;

  /**
   * @param tableOf the landing table of an element: one transform serves every event table
   * @param counter the Beam counter of the rows appended, e.g. {@code events_landed}
   */
  DuckDbLanding(
      DuckDbWarehouse warehouse,
      SerializableFunction<T, String> tableOf,
      String loadId,
      RowWriter<T> writer,
      String counter) {
    this.warehouse = warehouse;
    this.tableOf = tableOf;
    this.loadId = loadId;
    this.writer = writer;
    this.counter = counter;
  }

  @Override
  public PCollection<Long> expand(PCollection<T> rows) {
    return rows.apply(
            "Append to landing",
            ParDo.of(new AppendFn<>(warehouse, tableOf, loadId, writer, counter)))
        .setCoder(VarLongCoder.of());
  }

  private static final class AppendFn<T> extends DoFn<T, Long> {
    private static final long serialVersionUID = 1L;

    /** Rows handed over at a time: small enough that appending starts early in a bundle. */
    private static final int BATCH = 4096;

    private final DuckDbWarehouse warehouse;
    private final SerializableFunction<T, String> tableOf;
    private final String loadId;
    private final RowWriter<T> writer;
    private final Counter landed;
    private transient DuckDbLandingWriter landing;
    private transient List<T> batch;
    private transient LocalDateTime loadedAt;
    private transient long count;

    AppendFn(
        DuckDbWarehouse warehouse,
        SerializableFunction<T, String> tableOf,
        String loadId,
        RowWriter<T> writer,
        String counter) {
      this.warehouse = warehouse;
      this.tableOf = tableOf;
      this.loadId = loadId;
      this.writer = writer;
      this.landed = Metrics.counter(DuckDbLanding.class, counter);
    }

    @StartBundle
    public void startBundle() {
      landing = DuckDbLandingWriter.of(warehouse, loadId);
      batch = new ArrayList<>(BATCH);
      loadedAt = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
      count = 0;
    }

    @ProcessElement
    public void process(@Element T element) {
      batch.add(element);
      if (batch.size() == BATCH) {
        handOver();
      }
    }

    private void handOver() {
      landing.append(batch, tableOf::apply, writer, loadedAt);
      count += batch.size();
      batch = new ArrayList<>(BATCH);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        handOver();
      }
      landed.inc(count);
      context.output(count, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }
  }

  /** Appends an {@link EventRow} in the order of {@code Tables.EVENT_COLUMNS}. */
  static void appendEvent(DuckDBAppender a, EventRow r, String loadId, LocalDateTime loadedAt)
      throws SQLException {
    a.append(r.id());
    a.append(r.type());
    a.append(DuckDb.utc(r.createdAtMicros()));
    appendNullable(a, r.isPublic());
    appendNullable(a, r.actorId());
    appendNullable(a, r.actorLogin());
    appendNullable(a, r.actorDisplayLogin());
    appendNullable(a, r.repoId());
    appendNullable(a, r.repoName());
    appendNullable(a, r.orgId());
    appendNullable(a, r.orgLogin());
    // The payload's bytes as they are: no decode and re-encode of the bulk of the line.
    a.append(r.payloadBytes());
    appendNullable(a, r.other());
    a.append(DuckDb.utc(r.sourceHourMicros()));
    a.append(r.sourceFile());
    a.append(r.lineNumber());
    a.append(loadId);
    a.append(loadedAt);
  }

  /** Appends a {@link DeadLetter} in the order of {@code Tables.DEAD_LETTER_COLUMNS}. */
  static void appendDeadLetter(
      DuckDBAppender a, DeadLetter d, String loadId, LocalDateTime loadedAt) throws SQLException {
    a.append(loadId);
    a.append(DuckDb.utc(d.sourceHourMicros()));
    a.append(d.sourceFile());
    a.append(d.lineNumber());
    a.append(d.stage());
    a.append(d.error());
    a.append(d.raw());
    a.append(d.rawBytes());
    a.append(loadedAt);
  }

  private static void appendNullable(DuckDBAppender a, String value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else {
      a.append(value);
    }
  }

  private static void appendNullable(DuckDBAppender a, Long value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else {
      a.append(value.longValue());
    }
  }

  private static void appendNullable(DuckDBAppender a, Boolean value) throws SQLException {
    if (value == null) {
      a.appendNull();
    } else {
      a.append(value.booleanValue());
    }
  }
}
