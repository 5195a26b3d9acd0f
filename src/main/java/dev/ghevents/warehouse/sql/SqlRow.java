package dev.ghevents.warehouse.sql;

import java.util.Arrays;

/**
 * One row read back, whichever the engine: its values in the SELECT's order, as the engine's driver
 * gives them (DuckDB: Java objects; BigQuery: text).
 */
public record SqlRow(Object[] values) {
  public SqlRow {
    values = values.clone();
  }

  public String string(int i) {
    return values[i] == null ? null : values[i].toString();
  }

  public long int64(int i) {
    Object v = values[i];
    if (v == null) {
      throw new IllegalStateException("column " + i + " is NULL in " + Arrays.toString(values));
    }
    return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
  }
}
