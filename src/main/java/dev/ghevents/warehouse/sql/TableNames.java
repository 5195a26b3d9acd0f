package dev.ghevents.warehouse.sql;

/** How an engine's SQL names a table: all that writing a statement's text needs. */
@FunctionalInterface
public interface TableNames {
  /** The table's name as the engine's SQL writes it, quoted. */
  String table(String dataset, String table);
}
