package dev.ghevents.warehouse;

import java.io.Serializable;

/**
 * A warehouse's checked settings: each kind validates its own options when it is made ({@code
 * DuckDbConfig}, {@code BigQueryConfig}) and opens its warehouse.
 */
public interface WarehouseConfig extends Serializable {
  /** The datasets (BigQuery) or schemas (DuckDB) of the data contract. */
  Datasets datasets();

  /**
   * The warehouse, for run {@code loadId} (which DuckDB names to another run that finds it busy).
   */
  Warehouse open(String loadId);
}
