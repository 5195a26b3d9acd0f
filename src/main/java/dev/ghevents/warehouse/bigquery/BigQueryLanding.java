package dev.ghevents.warehouse.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableRow;
import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import dev.ghevents.warehouse.Tables;
import java.time.Instant;
import java.util.EnumSet;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.SchemaUpdateOption;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.values.ValueInSingleWindow;

/**
 * Writes events into their type's landing table with {@link BigQueryIO}, and whatever BigQuery
 * cannot take into the landing dead-letter table: rows too large for an append request (checked
 * before the write, so the reason is plain) and rows the Storage Write API rejects ({@link
 * WriteResult#getFailedStorageApiInserts()}). Nothing is retried forever and nothing is dropped.
 *
 * <p>Emits the commit's signal: it is complete once the rows are written and every refused row is a
 * landed dead letter.
 */
final class BigQueryLanding {
  private BigQueryLanding() {}

  /** Where events go: {@code project:landing.TABLE}, from {@link EventRow#table()}. */
  static PTransform<PCollection<EventRow>, PCollection<Long>> events(
      BigQueryWarehouse warehouse, String loadId) {
    return new Events(warehouse, loadId);
  }

  /** Where dead letters go: {@code project:landing.dead_letter}. */
  static PTransform<PCollection<DeadLetter>, PCollection<Long>> deadLetters(
      BigQueryWarehouse warehouse, String loadId) {
    return new DeadLetters(warehouse, loadId);
  }

  static Method beamMethod(LandingWriteMethod method) {
    return switch (method) {
      case STORAGE_API_AT_LEAST_ONCE -> Method.STORAGE_API_AT_LEAST_ONCE;
      case FILE_LOADS -> Method.FILE_LOADS;
    };
  }

  /** The settings both writes share: table creation as a safety net, appends, the method. */
  private static <T> BigQueryIO.Write<T> configure(
      BigQueryIO.Write<T> write, BigQueryWarehouse warehouse) {
    LandingWriteMethod method = warehouse.writeMethod();
    BigQueryIO.Write<T> w =
        write
            .withMethod(beamMethod(method))
            // prepare() creates every table; this only guards against one dropped mid-run.
            .withCreateDisposition(CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(WriteDisposition.WRITE_APPEND);
    if (method == LandingWriteMethod.FILE_LOADS) {
      // A column added to the contract is added to the table, never silently dropped.
      w = w.withSchemaUpdateOptions(EnumSet.of(SchemaUpdateOption.ALLOW_FIELD_ADDITION));
    }
    // The Storage Write API takes the table's schema when the job starts; prepare() has added
    // every column of the contract by then, and unknown values are never ignored: a row that does
    // not fit is refused and becomes a dead letter.
    BigQueryServices services = warehouse.testServices();
    return services == null ? w : w.withTestServices(services);
  }

  /** Day partitions on {@code column} and landing's clustering, as BigQueryIO creates tables. */
  private static TableDestination destination(String spec, String description, String column) {
    return new TableDestination(
        spec,
        description,
        BigQuerySchemas.dailyOnForWrites(column),
        new Clustering().setFields(BigQuerySchemas.LANDING_CLUSTERING));
  }

  private static final class Events extends PTransform<PCollection<EventRow>, PCollection<Long>> {
    private static final long serialVersionUID = 1L;
    private static final TupleTag<EventRow> FITS = new TupleTag<>() {};
    private static final TupleTag<DeadLetter> TOO_LARGE = new TupleTag<>() {};

    private final BigQueryWarehouse warehouse;
    private final String loadId;

    Events(BigQueryWarehouse warehouse, String loadId) {
      this.warehouse = warehouse;
      this.loadId = loadId;
    }

    @Override
    public PCollection<Long> expand(PCollection<EventRow> events) {
      boolean storageApi = warehouse.writeMethod() != LandingWriteMethod.FILE_LOADS;
      PCollectionTuple split =
          events.apply(
              "Set aside rows over the append limit",
              ParDo.of(new SplitBySize(storageApi))
                  .withOutputTags(FITS, TupleTagList.of(TOO_LARGE)));
      String project = warehouse.target().project();
      String dataset = warehouse.datasets().landing();
      String id = loadId;
      SerializableFunction<ValueInSingleWindow<EventRow>, TableDestination> destination =
          row ->
              destination(
                  project + ":" + dataset + "." + row.getValue().table(),
                  "Landing rows of one event type; merged into staging by the run's commit.",
                  "loaded_at");
      BigQueryIO.Write<EventRow> write =
          configure(
              BigQueryIO.<EventRow>write()
                  .to(destination)
                  .withSchema(BigQuerySchemas.tableSchema(Tables.EVENT_COLUMNS))
                  .withFormatFunction(r -> BigQueryRows.event(r, id, Instant.now()))
                  .withFormatRecordOnFailureFunction(BigQueryRows::failure),
              warehouse);
      WriteResult result =
          split.get(FITS).setCoder(EventRow.Coder.of()).apply("Write landing rows", write);

      PCollection<DeadLetter> refused;
      PCollection<Long> written;
      if (storageApi) {
        refused =
            result
                .getFailedStorageApiInserts()
                .apply("Refused rows to dead letters", ParDo.of(new RefusedRow()))
                .setCoder(DeadLetter.Coder.of());
        written =
            refused.apply(
                "Signal: appends done", MapElements.into(TypeDescriptors.longs()).via(d -> 1L));
      } else {
        refused =
            events.getPipeline().apply("No refused rows", Create.empty(DeadLetter.Coder.of()));
        written =
            result
                .getSuccessfulTableLoads()
                .apply(
                    "Signal: loads done", MapElements.into(TypeDescriptors.longs()).via(t -> 1L));
      }
      PCollection<Long> deadLettersLanded =
          PCollectionList.of(split.get(TOO_LARGE).setCoder(DeadLetter.Coder.of()))
              .and(refused)
              .apply("All refused rows", Flatten.pCollections())
              .apply("Land refused rows", new DeadLetters(warehouse, loadId));
      return PCollectionList.of(written)
          .and(deadLettersLanded)
          .apply("Landing signal", Flatten.pCollections());
    }
  }

  /** Rows over {@link BigQueryRows#MAX_APPEND_ROW_BYTES} become dead letters before the write. */
  private static final class SplitBySize extends DoFn<EventRow, EventRow> {
    private static final long serialVersionUID = 1L;
    private final boolean bounded;
    private final Counter tooLarge = Metrics.counter(BigQueryLanding.class, "rows_too_large");

    SplitBySize(boolean bounded) {
      this.bounded = bounded;
    }

    @ProcessElement
    public void process(@Element EventRow row, MultiOutputReceiver out) {
      long bytes = bounded ? BigQueryRows.lineBytes(row) : 0;
      if (bytes > BigQueryRows.MAX_APPEND_ROW_BYTES) {
        tooLarge.inc();
        out.get(Events.TOO_LARGE)
            .output(
                BigQueryRows.refused(
                    row,
                    bytes,
                    "row of "
                        + bytes
                        + " bytes exceeds the Storage Write API's 10 MB append request limit"));
      } else {
        out.get(Events.FITS).output(row);
      }
    }
  }

  /** A row the Storage Write API rejected, as a dead letter naming BigQuery's reason. */
  private static final class RefusedRow extends DoFn<BigQueryStorageApiInsertError, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final Counter refused = Metrics.counter(BigQueryLanding.class, "rows_refused");

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<DeadLetter> out) {
      refused.inc();
      TableRow row = error.getRow();
      out.output(
          BigQueryRows.refusedRow(row, "BigQuery refused the row: " + error.getErrorMessage()));
    }
  }

  private static final class DeadLetters
      extends PTransform<PCollection<DeadLetter>, PCollection<Long>> {
    private static final long serialVersionUID = 1L;
    private final BigQueryWarehouse warehouse;
    private final String loadId;

    DeadLetters(BigQueryWarehouse warehouse, String loadId) {
      this.warehouse = warehouse;
      this.loadId = loadId;
    }

    @Override
    public PCollection<Long> expand(PCollection<DeadLetter> deadLetters) {
      TableDestination table =
          destination(
              warehouse.target().project()
                  + ":"
                  + warehouse.datasets().landing()
                  + "."
                  + Tables.DEAD_LETTER,
              "Landing dead letters; moved to the ops dataset by the run's commit.",
              "recorded_at");
      String id = loadId;
      WriteResult result =
          deadLetters.apply(
              "Write dead letters",
              configure(
                  BigQueryIO.<DeadLetter>write()
                      .to(d -> table)
                      .withSchema(BigQuerySchemas.tableSchema(Tables.DEAD_LETTER_COLUMNS))
                      .withFormatFunction(d -> BigQueryRows.deadLetter(d, id, Instant.now())),
                  warehouse));
      if (warehouse.writeMethod() == LandingWriteMethod.FILE_LOADS) {
        return result
            .getSuccessfulTableLoads()
            .apply(
                "Signal: dead letters loaded",
                MapElements.into(TypeDescriptors.longs()).via(t -> 1L));
      }
      // A dead letter is bounded in size; if BigQuery still refuses one, the run fails rather
      // than lose the line, and the hour is loaded again by the next run.
      return result
          .getFailedStorageApiInserts()
          .apply("Fail on a refused dead letter", ParDo.of(new FailOnRefusedDeadLetter()));
    }
  }

  private static final class FailOnRefusedDeadLetter
      extends DoFn<BigQueryStorageApiInsertError, Long> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element BigQueryStorageApiInsertError error) {
      throw new IllegalStateException(
          "BigQuery refused a dead letter of "
              + error.getRow().get("source_file")
              + " line "
              + error.getRow().get("line_number")
              + ": "
              + error.getErrorMessage()
              + "; the run stops so the line is not lost");
    }
  }
}
