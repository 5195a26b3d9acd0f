package dev.ghevents.warehouse.bigquery;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The BigQuery warehouse's options ({@code --warehouse=BIGQUERY}). */
public interface BigQueryWarehouseOptions extends PipelineOptions {
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

  @Description(
      "The BigQuery API's root URL for the MERGE and the tables, e.g. http://127.0.0.1:9050 for a"
          + " local emulator (no credentials are sent then). Default: Google's.")
  String getBigqueryEndpoint();

  void setBigqueryEndpoint(String value);
}
