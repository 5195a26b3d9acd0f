package dev.ghevents.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which warehouse the rows go to, and its datasets; each warehouse has its own options too. */
public interface WarehouseOptions extends PipelineOptions {
  /** The warehouses the pipeline can load. */
  enum WarehouseKind {
    DUCKDB,
    BIGQUERY
  }

  @Description(
      "The warehouse to load: DUCKDB (a local file, see --duckdbPath) or BIGQUERY (see"
          + " --bigqueryProject).")
  @Default.Enum("DUCKDB")
  WarehouseKind getWarehouse();

  void setWarehouse(WarehouseKind value);

  @Description("The landing dataset (BigQuery) or schema (DuckDB).")
  @Default.String("gharchive_landing")
  String getLandingDataset();

  void setLandingDataset(String value);

  @Description(
      "The staging dataset (BigQuery) or schema (DuckDB); dbt reads it from"
          + " GHEVENTS_STAGING_DATASET.")
  @Default.String("gharchive_staging")
  String getStagingDataset();

  void setStagingDataset(String value);

  @Description("The dataset (BigQuery) or schema (DuckDB) of the ledger and the dead letters.")
  @Default.String("gharchive_ops")
  String getOpsDataset();

  void setOpsDataset(String value);
}
