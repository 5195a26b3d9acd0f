package dev.ghevents.warehouse.bigquery;

/** How rows reach BigQuery's landing tables ({@code --writeMethod}). */
public enum LandingWriteMethod {
  /** Storage Write API, default stream: cheapest; a retried append may land a row twice. */
  STORAGE_API_AT_LEAST_ONCE,
  // No STORAGE_WRITE_API (pending streams): its rows appear only at BigQueryIO's finalize step,
  // which comes after the failed-rows output the commit waits on. See the README.
  /** Load jobs from files in the temp location: free, slower to start. */
  FILE_LOADS
}
