package dev.ghevents.warehouse.sql;

/** The types a query parameter of the engine-neutral SQL can have. */
public enum SqlType {
  STRING,
  INT64,
  TIMESTAMP,
  STRING_ARRAY
}
