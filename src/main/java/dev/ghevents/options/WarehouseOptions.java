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

  @Description(
      "DuckDB's memory limit (e.g. 2GB, 512MB); past it DuckDB spills to a temporary folder beside"
          + " the warehouse file.")
  @Default.String("2GB")
  String getDuckdbMemoryLimit();

  void setDuckdbMemoryLimit(String value);
}
