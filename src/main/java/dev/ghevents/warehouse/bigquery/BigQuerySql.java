package dev.ghevents.warehouse.bigquery;

import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.ghevents.warehouse.sql.Sql;
import dev.ghevents.warehouse.sql.SqlDialect;
import dev.ghevents.warehouse.sql.SqlRow;
import dev.ghevents.warehouse.sql.SqlType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The engine-neutral SQL on BigQuery: a parameter is {@code CAST(@name AS TYPE)} (on BigQuery a
 * no-op; the emulator ignores the types a request declares and infers them from where a parameter
 * is used, taking INT64 where the use does not say, so the cast is what types it there).
 */
final class BigQuerySql implements SqlDialect {
  private final String project;
  private final BiFunction<String, Map<String, QueryParameterValue>, TableResult> query;

  BigQuerySql(
      String project, BiFunction<String, Map<String, QueryParameterValue>, TableResult> query) {
    this.project = project;
    this.query = query;
  }

  /** Neutral text as BigQuery's, with its parameters as casts of named parameters. */
  static String text(String neutral) {
    return Sql.of(neutral).render(BigQuerySql::cast);
  }

  private static String cast(Sql.Reference r) {
    String type =
        switch (r.type()) {
          case STRING -> "STRING";
          case INT64 -> "INT64";
          case TIMESTAMP -> "TIMESTAMP";
          case STRING_ARRAY -> "ARRAY<STRING>";
        };
    return "CAST(@" + r.name() + " AS " + type + ")";
  }

  /** The named parameters of {@code sql}, typed as its text declares them. */
  static Map<String, QueryParameterValue> parameters(Sql sql) {
    Map<String, QueryParameterValue> p = new LinkedHashMap<>();
    for (Sql.Reference r : sql.references()) {
      p.put(r.name(), value(r.type(), sql.value(r)));
    }
    return p;
  }

  @SuppressWarnings("unchecked")
  private static QueryParameterValue value(SqlType type, Object v) {
    return switch (type) {
      case STRING -> QueryParameterValue.string((String) v);
      case INT64 -> QueryParameterValue.int64((Long) v);
      case TIMESTAMP -> {
        Instant t = (Instant) v;
        yield QueryParameterValue.timestamp(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
      }
      case STRING_ARRAY ->
          QueryParameterValue.array(
              ((List<String>) v).toArray(String[]::new), StandardSQLTypeName.STRING);
    };
  }

  @Override
  public String table(String dataset, String table) {
    return BigQueryMerge.table(project, dataset, table);
  }

  @Override
  public List<SqlRow> query(Sql sql) {
    TableResult result = query.apply(text(sql.text()), parameters(sql));
    List<SqlRow> rows = new ArrayList<>();
    for (FieldValueList r : result.iterateAll()) {
      Object[] values = new Object[r.size()];
      for (int i = 0; i < values.length; i++) {
        FieldValue v = r.get(i);
        values[i] = v.isNull() ? null : v.getStringValue();
      }
      rows.add(new SqlRow(values));
    }
    return rows;
  }

  @Override
  public void execute(Sql sql) {
    query.apply(text(sql.text()), parameters(sql));
  }
}
