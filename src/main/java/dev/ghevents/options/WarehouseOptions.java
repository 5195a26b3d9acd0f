package dev.ghevents.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the rows go. */
public interface WarehouseOptions extends PipelineOptions {
  /** The warehouses the pipeline can load. */
  enum WarehouseKind {
    DUCKDB
  }

  @Description("The warehouse to load: DUCKDB (a local file, see --duckdbPath).")
  @Default.Enum("DUCKDB")
  WarehouseKind getWarehouse();

  void setWarehouse(WarehouseKind value);

  @Description("The DuckDB warehouse file; created with its folder if missing.")
  @Default.String("data/ghevents.duckdb")
  String getDuckdbPath();

  void setDuckdbPath(String value);
}
