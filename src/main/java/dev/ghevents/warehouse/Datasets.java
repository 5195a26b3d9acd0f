package dev.ghevents.warehouse;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The datasets (BigQuery) or schemas (DuckDB) of the data contract. Names are validated here, once,
 * because they are the only identifiers besides the fixed table names that reach SQL.
 */
public record Datasets(String landing, String staging, String ops) implements Serializable {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,1023}");

  public static final Datasets DEFAULT =
      new Datasets("gharchive_landing", "gharchive_staging", "gharchive_ops");

  /** Whether {@code name} may name a dataset (and so be written into SQL unquoted). */
  public static boolean isValidName(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  public Datasets {
    for (String name : new String[] {landing, staging, ops}) {
      if (!isValidName(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a valid dataset name: use letters, digits and underscores");
      }
    }
  }
}
