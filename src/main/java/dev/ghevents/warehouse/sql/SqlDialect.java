package dev.ghevents.warehouse.sql;

import java.util.List;

/**
 * What differs between the warehouses when they run the same {@link Sql}: how a table is named, and
 * how a statement is sent and its rows read back.
 */
public interface SqlDialect {

  /** The table's name as the engine's SQL writes it, quoted. */
  String table(String dataset, String table);

  /** Runs a query; every row, its columns in the SELECT's order. */
  List<SqlRow> query(Sql sql);

  /** Runs a statement that returns nothing the caller reads. */
  void execute(Sql sql);
}
