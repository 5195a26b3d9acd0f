package dev.ghevents.warehouse.duckdb;

import dev.ghevents.options.InvalidOptionException;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A DuckDB warehouse's settings, checked.
 *
 * @param path the database file, absolute
 * @param memoryLimit DuckDB's memory limit, e.g. {@code 1GB}
 */
public record DuckDbConfig(String path, String memoryLimit, Datasets datasets)
    implements WarehouseConfig {
  private static final Pattern MEMORY =
      Pattern.compile("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)");

  /**
   * @throws InvalidOptionException naming the bad flag
   */
  public static DuckDbConfig from(DuckDbOptions options, Datasets datasets) {
    String path = InvalidOptionException.required("duckdbPath", options.getDuckdbPath());
    String limit =
        InvalidOptionException.required("duckdbMemoryLimit", options.getDuckdbMemoryLimit());
    if (!MEMORY.matcher(limit).matches()) {
      throw new InvalidOptionException(
          "duckdbMemoryLimit", "'" + limit + "' is not a size like 2GB or 512MB");
    }
    return new DuckDbConfig(Path.of(path).toAbsolutePath().normalize().toString(), limit, datasets);
  }

  @Override
  public Warehouse open(String loadId) {
    return new DuckDbWarehouse(path, datasets, memoryLimit, loadId);
  }
}
