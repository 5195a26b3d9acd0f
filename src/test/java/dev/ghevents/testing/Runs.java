package dev.ghevents.testing;

import dev.ghevents.GhEventsOptions;
import dev.ghevents.GhEventsPipeline;
import dev.ghevents.options.RunConfig;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.duckdb.DuckDbConfig;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Runs the whole pipeline in this JVM on the DirectRunner, as {@code make run} does. */
public final class Runs {
  /** The tests' "now": every sample hour is in the past, 2026 hours are not yet. */
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T12:30:00Z"), ZoneOffset.UTC);

  private Runs() {}

  public static GhEventsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(GhEventsOptions.class);
  }

  /** Runs with {@code args} plus the lake and warehouse under {@code dir}. */
  public static GhEventsPipeline.Outcome run(Path dir, String... args) {
    return run(dir, CLOCK, args);
  }

  /** The same, at the time {@code clock} says (for --hours=auto). */
  public static GhEventsPipeline.Outcome run(Path dir, Clock clock, String... args) {
    return run(dir, clock, w -> w, args);
  }

  /** The same, through a warehouse that {@code wrap} makes of the real one. */
  public static GhEventsPipeline.Outcome run(
      Path dir, Clock clock, UnaryOperator<Warehouse> wrap, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--lake=" + dir.resolve("lake"));
    all.add("--duckdbPath=" + warehouse(dir));
    GhEventsOptions options = options(all.toArray(String[]::new));
    RunConfig config = GhEventsPipeline.configure(options, clock);
    try (Warehouse warehouse =
        wrap.apply(
            new DuckDbWarehouse(((DuckDbConfig) config.warehouse()).path(), config.datasets()))) {
      return GhEventsPipeline.run(options, config, warehouse);
    }
  }

  public static String warehouse(Path dir) {
    return dir.resolve("warehouse.duckdb").toString();
  }
}
