package dev.ghevents.options;

import dev.ghevents.hours.AutoHours;
import dev.ghevents.hours.GhHour;
import dev.ghevents.options.WarehouseOptions.WarehouseKind;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The options of one run, checked before any work is done, one record per concern. Every problem is
 * reported with the flag it belongs to; local paths are made absolute so every worker thread sees
 * the same files.
 *
 * @param plan which hours
 * @param source where they are fetched from
 * @param lake the lake's root: a local folder (absolute) or gs://
 * @param warehouse the warehouse and its checked settings
 * @param policy what is loaded and tolerated
 * @param onDataflow whether the run is launched on Dataflow (then {@code main} does not wait)
 * @param loadId the run's name in the ledger and on every row it writes
 * @param startedAt when the run started
 */
public record RunConfig(
    HourPlan plan,
    SourceConfig source,
    String lake,
    WarehouseConfig warehouse,
    LoadPolicy policy,
    boolean onDataflow,
    String loadId,
    Instant startedAt) {

  private static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final DateTimeFormatter LOAD_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Makes the warehouse's own settings, from its own options, once the datasets are checked. */
  @FunctionalInterface
  public interface WarehouseChoice {
    WarehouseConfig configure(WarehouseKind kind, Datasets datasets, boolean onDataflow);
  }

  /**
   * Validates {@code options}.
   *
   * @param warehouses makes the chosen warehouse's settings (which validate its own options)
   * @throws InvalidOptionException naming the first bad flag and what is wrong with it
   */
  public static RunConfig from(RunOptions options, WarehouseChoice warehouses, Clock clock) {
    HourPlan plan = HourPlan.from(options, clock);
    boolean onDataflow = options.getRunner().getSimpleName().equals("DataflowRunner");
    LoadPolicy policy = LoadPolicy.from(options, plan.auto(), onDataflow);
    SourceConfig source = SourceConfig.from(options, onDataflow);
    String lake = localPathOrUri("lake", options.getLake());
    if (onDataflow && !lake.startsWith("gs://")) {
      throw new InvalidOptionException(
          "lake",
          "'"
              + options.getLake()
              + "' is not a gs:// path; Dataflow workers cannot share a local"
              + " lake");
    }
    WarehouseKind kind = options.getWarehouse();
    if (onDataflow && kind != WarehouseKind.BIGQUERY) {
      throw new InvalidOptionException(
          "warehouse",
          kind + " writes a local file, which Dataflow workers cannot share; use BIGQUERY");
    }
    Datasets datasets =
        new Datasets(
            dataset("landingDataset", options.getLandingDataset()),
            dataset("stagingDataset", options.getStagingDataset()),
            dataset("opsDataset", options.getOpsDataset()));
    WarehouseConfig warehouse = warehouses.configure(kind, datasets, onDataflow);
    Instant startedAt = Instant.now(clock);
    String loadId = options.getLoadId();
    if (loadId == null) {
      loadId =
          LOAD_ID_TIME.format(startedAt)
              + "_"
              + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    } else if (!LOAD_ID.matcher(loadId).matches()) {
      throw new InvalidOptionException(
          "loadId", "'" + loadId + "' may only hold letters, digits, _ and - (at most 64)");
    }
    return new RunConfig(plan, source, lake, warehouse, policy, onDataflow, loadId, startedAt);
  }

  /** The hours to fetch and load. */
  public List<GhHour> hours() {
    return plan.hours();
  }

  /** The hours to record as missing without fetching them. */
  public List<GhHour> missingHours() {
    return plan.missingHours();
  }

  /** The hours loaded from the previous hour's file, recorded without fetching it again. */
  public List<GhHour> coveredHours() {
    return plan.coveredHours();
  }

  public Datasets datasets() {
    return warehouse.datasets();
  }

  /** This run with the hours {@code --hours=auto} planned from the ledger. */
  public RunConfig withPlan(AutoHours.Plan planned) {
    return withHours(planned.load(), planned.giveUp());
  }

  /** This run narrowed to some of its hours: one unit of work, or what is left to load. */
  public RunConfig withHours(List<GhHour> load, List<GhHour> missing) {
    return new RunConfig(
        plan.with(load, missing), source, lake, warehouse, policy, onDataflow, loadId, startedAt);
  }

  private static String dataset(String flag, String value) {
    String name = InvalidOptionException.required(flag, value);
    if (!Datasets.isValidName(name)) {
      throw new InvalidOptionException(
          flag, "'" + name + "' is not a dataset name: use letters, digits and underscores");
    }
    return name;
  }

  private static String localPathOrUri(String flag, String value) {
    String v = InvalidOptionException.required(flag, value);
    return v.contains("://") ? v : Path.of(v).toAbsolutePath().normalize().toString();
  }
}
