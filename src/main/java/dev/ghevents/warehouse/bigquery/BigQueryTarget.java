package dev.ghevents.warehouse.bigquery;

import java.io.Serializable;

/**
 * Which BigQuery the run talks to.
 *
 * @param project the project that holds the datasets and runs the jobs
 * @param location the datasets' and jobs' location, e.g. US
 * @param endpoint the API's root URL, or null for Google's; set only for a local emulator, which is
 *     then reached without credentials
 */
public record BigQueryTarget(String project, String location, String endpoint)
    implements Serializable {

  /**
   * Whether the endpoint is a local emulator (goccy/bigquery-emulator), which executes neither
   * transactions nor MERGE: the commit then runs its statements one by one, the MERGE in its
   * insert-only equivalent ({@link BigQueryMerge#statements}).
   */
  public boolean isEmulator() {
    return endpoint != null;
  }
}
