package dev.ghevents.options;

import dev.ghevents.warehouse.bigquery.LandingWriteMethod;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the rows go. */
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

  @Description("The Google Cloud project of the BigQuery datasets. Default: the run's --project.")
  String getBigqueryProject();

  void setBigqueryProject(String value);

  @Description("The BigQuery location of the datasets and of the MERGE jobs, e.g. US or EU.")
  @Default.String("US")
  String getBigqueryLocation();

  void setBigqueryLocation(String value);

  @Description(
      "How rows reach BigQuery's landing tables: STORAGE_API_AT_LEAST_ONCE (default: cheapest, the"
          + " MERGE removes the rare duplicate) or FILE_LOADS (load jobs).")
  @Default.Enum("STORAGE_API_AT_LEAST_ONCE")
  LandingWriteMethod getWriteMethod();

  void setWriteMethod(LandingWriteMethod value);

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

  @Description(
      "The BigQuery API's root URL for the MERGE and the tables, e.g. http://127.0.0.1:9050 for a"
          + " local emulator (no credentials are sent then). Default: Google's.")
  String getBigqueryEndpoint();

  void setBigqueryEndpoint(String value);
}
