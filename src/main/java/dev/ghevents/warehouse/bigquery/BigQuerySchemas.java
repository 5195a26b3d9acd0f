package dev.ghevents.warehouse.bigquery;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TimePartitioning;
import dev.ghevents.warehouse.Column;
import java.util.List;

/**
 * The data contract's columns ({@link dev.ghevents.warehouse.Tables}) as BigQuery schemas, and how
 * each kind of table is laid out. One place, so BigQueryIO's landing writes and the tables {@link
 * BigQueryWarehouse#prepare()} creates cannot disagree.
 */
public final class BigQuerySchemas {
  private BigQuerySchemas() {}

  /**
   * Staging is clustered on the columns its readers filter on: {@code loaded_at} first, because
   * every dbt staging model reads incrementally "rows loaded since my last build", so the blocks of
   * older loads are skipped in each partition; then {@code id}, the MERGE's join key and what dbt's
   * unique tests group by.
   */
  public static final List<String> STAGING_CLUSTERING = List.of("loaded_at", "id");

  /** Landing is scanned by run only: its rows are clustered by {@code load_id}. */
  public static final List<String> LANDING_CLUSTERING = List.of("load_id");

  /** The schema as BigQueryIO (the REST model) takes it. */
  public static TableSchema tableSchema(List<Column> columns) {
    return new TableSchema()
        .setFields(
            columns.stream()
                .map(
                    c ->
                        new TableFieldSchema()
                            .setName(c.name())
                            .setType(sqlType(c.type()).name())
                            .setMode(c.required() ? "REQUIRED" : "NULLABLE")
                            .setDescription(c.description()))
                .toList());
  }

  /** The schema as the BigQuery client takes it. */
  public static Schema schema(List<Column> columns) {
    return Schema.of(columns.stream().map(BigQuerySchemas::field).toList());
  }

  static Field field(Column c) {
    return Field.newBuilder(c.name(), sqlType(c.type()))
        .setMode(c.required() ? Field.Mode.REQUIRED : Field.Mode.NULLABLE)
        .setDescription(c.description())
        .build();
  }

  static StandardSQLTypeName sqlType(Column.Type type) {
    return switch (type) {
      case STRING -> StandardSQLTypeName.STRING;
      case INT64 -> StandardSQLTypeName.INT64;
      case BOOL -> StandardSQLTypeName.BOOL;
      case TIMESTAMP -> StandardSQLTypeName.TIMESTAMP;
      case JSON -> StandardSQLTypeName.JSON;
    };
  }

  /** Day partitions on {@code column}, for the client. */
  static TimePartitioning dailyOn(String column) {
    return TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField(column).build();
  }

  /** Day partitions on {@code column}, for BigQueryIO. */
  static com.google.api.services.bigquery.model.TimePartitioning dailyOnForWrites(String column) {
    return new com.google.api.services.bigquery.model.TimePartitioning()
        .setType("DAY")
        .setField(column);
  }

  static Clustering clustering(List<String> columns) {
    return Clustering.newBuilder().setFields(columns).build();
  }
}
