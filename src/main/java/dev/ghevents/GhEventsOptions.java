package dev.ghevents;

import dev.ghevents.options.RunOptions;
import dev.ghevents.warehouse.bigquery.BigQueryWarehouseOptions;
import dev.ghevents.warehouse.duckdb.DuckDbOptions;

/**
 * Every option of the pipeline; {@code --help=GhEventsOptions} lists them with their descriptions.
 */
public interface GhEventsOptions extends RunOptions, DuckDbOptions, BigQueryWarehouseOptions {}
