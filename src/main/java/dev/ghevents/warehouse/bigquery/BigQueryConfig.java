package dev.ghevents.warehouse.bigquery;

import dev.ghevents.options.InvalidOptionException;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.WarehouseConfig;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;

/** A BigQuery warehouse's settings, checked. */
public record BigQueryConfig(
    BigQueryTarget target, LandingWriteMethod writeMethod, Datasets datasets)
    implements WarehouseConfig {
  // Google's rules: 6-30 lowercase letters, digits and hyphens, optionally domain-scoped.
  private static final Pattern PROJECT =
      Pattern.compile("([a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,39}");
  private static final Pattern ENDPOINT = Pattern.compile("https?://[A-Za-z0-9.\\[\\]:-]+/?");

  /**
   * @param onDataflow whether the run is launched on Dataflow (where an emulator's endpoint is
   *     refused)
   * @throws InvalidOptionException naming the bad flag
   */
  public static BigQueryConfig from(
      BigQueryWarehouseOptions options, Datasets datasets, boolean onDataflow) {
    String project = options.getBigqueryProject();
    if (project == null || project.isBlank()) {
      project = options.as(GcpOptions.class).getProject();
    }
    if (project == null || project.isBlank()) {
      throw new InvalidOptionException(
          "bigqueryProject", "must be set (or --project) when --warehouse=BIGQUERY");
    }
    project = project.trim();
    if (!PROJECT.matcher(project).matches()) {
      throw new InvalidOptionException(
          "bigqueryProject", "'" + project + "' is not a Google Cloud project id");
    }
    String location =
        InvalidOptionException.required("bigqueryLocation", options.getBigqueryLocation());
    if (!LOCATION.matcher(location).matches()) {
      throw new InvalidOptionException(
          "bigqueryLocation", "'" + location + "' is not a BigQuery location such as US or EU");
    }
    String endpoint = options.getBigqueryEndpoint();
    if (endpoint != null && !endpoint.isBlank()) {
      endpoint = endpoint.trim();
      if (!ENDPOINT.matcher(endpoint).matches()) {
        throw new InvalidOptionException(
            "bigqueryEndpoint", "'" + endpoint + "' is not a URL like http://127.0.0.1:9050");
      }
      if (onDataflow) {
        // Checked before anything connects: the launcher would reach that host, and the commit
        // would take the emulator's path, which has no transaction.
        throw new InvalidOptionException(
            "bigqueryEndpoint",
            "is for tests against a local BigQuery emulator and cannot be used on Dataflow; leave"
                + " it out to use Google's BigQuery");
      }
      endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    } else {
      endpoint = null;
    }
    return new BigQueryConfig(
        new BigQueryTarget(project, location, endpoint), options.getWriteMethod(), datasets);
  }

  @Override
  public Warehouse open(String loadId) {
    return new BigQueryWarehouse(target, datasets, writeMethod);
  }
}
