package dev.ghevents.warehouse;

import java.io.Serializable;

/** One column of a warehouse table, in engine-neutral types that each warehouse maps to its own. */
public record Column(String name, Type type, boolean required, String description)
    implements Serializable {

  /** The column types the data contract uses. */
  public enum Type {
    STRING,
    INT64,
    BOOL,
    TIMESTAMP,
    JSON
  }

  static Column required(String name, Type type, String description) {
    return new Column(name, type, true, description);
  }

  static Column nullable(String name, Type type, String description) {
    return new Column(name, type, false, description);
  }
}
