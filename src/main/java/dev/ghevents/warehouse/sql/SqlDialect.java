package dev.ghevents.warehouse.sql;

import java.util.List;

/**
 * What differs between the warehouses when they run the same {@link Sql}: how a table is named
 * ({@link TableNames}), and how a statement is sent and its rows read back.
 */
public interface SqlDialect extends TableNames {

  /** Runs a query; every row, its columns in the SELECT's order. */
  List<SqlRow> query(Sql sql);

  /** Runs a statement that returns nothing the caller reads. */
  void execute(Sql sql);
}
