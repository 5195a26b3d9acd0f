package dev.ghevents.warehouse.duckdb;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The DuckDB warehouse's options ({@code --warehouse=DUCKDB}). */
public interface DuckDbOptions extends PipelineOptions {
  @Description("The DuckDB warehouse file; created with its folder if missing.")
  @Default.String("data/ghevents.duckdb")
  String getDuckdbPath();

  void setDuckdbPath(String value);

  @Description(
      "DuckDB's memory limit (e.g. 2GB, 512MB); past it DuckDB spills to a temporary folder beside"
          + " the warehouse file.")
  @Default.String("1GB")
  String getDuckdbMemoryLimit();

  void setDuckdbMemoryLimit(String value);
}
