package dev.ghevents.options;

import dev.ghevents.hours.AutoHours;
import dev.ghevents.hours.GhHour;
import dev.ghevents.hours.HourSpec;
import dev.ghevents.model.EventTypes;
import dev.ghevents.options.WarehouseOptions.WarehouseKind;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.bigquery.BigQueryTarget;
import dev.ghevents.warehouse.bigquery.LandingWriteMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;

/**
 * The options of one run, checked before any work is done. Every problem is reported with the flag
 * it belongs to; local paths are made absolute so every worker thread sees the same files.
 *
 * @param eventTypes the types {@code --eventTypes} selected, or null for all
 * @param selectedTables the event tables this run loads
 * @param lineBuckets how many keys the lines are reshuffled over: null for one per line (Dataflow),
 *     0 for no reshuffle (a local run: there a reshuffle holds the hour's lines a second time)
 * @param bigquery the BigQuery to load, or null when the warehouse is DuckDB
 * @param onDataflow whether the run is launched on Dataflow (then {@code main} does not wait)
 * @param autoHours whether {@code --hours=auto}: {@link #hours} is then planned from the ledger
 * @param missingHours hours to record as missing, not fetched (planned by {@code --hours=auto})
 * @param reload whether hours the ledger shows as loaded are loaded again ({@code --reload})
 * @param hoursPerUnit how many hours a local run commits together
 */
public record RunConfig(
    List<GhHour> hours,
    boolean autoHours,
    int lookbackHours,
    int missingAfterHours,
    List<GhHour> missingHours,
    String source,
    String lake,
    WarehouseKind warehouse,
    Datasets datasets,
    String duckdbPath,
    String duckdbMemoryLimit,
    BigQueryTarget bigquery,
    LandingWriteMethod writeMethod,
    boolean onDataflow,
    List<String> eventTypes,
    Set<String> selectedTables,
    double maxErrorRatio,
    long maxDeadLetters,
    int fetchRetries,
    int fetchTimeoutSeconds,
    Integer lineBuckets,
    String loadId,
    String publishTopic,
    Instant startedAt,
    boolean reload,
    int hoursPerUnit) {

  /** The {@code --hours} value that plans the hours from the ledger. */
  public static final String AUTO = "auto";

  private static final Pattern MEMORY =
      Pattern.compile("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)");
  private static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  // Google's rules: 6-30 lowercase letters, digits and hyphens, optionally domain-scoped.
  private static final Pattern PROJECT =
      Pattern.compile("([a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern TOPIC =
      Pattern.compile(
          "projects/([a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][A-Za-z0-9._~%+-]{2,254}");
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,39}");
  private static final Pattern ENDPOINT = Pattern.compile("https?://[A-Za-z0-9.\\[\\]:-]+/?");
  private static final DateTimeFormatter LOAD_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Validates {@code options}.
   *
   * @throws InvalidOptionException naming the first bad flag and what is wrong with it
   */
  public static RunConfig from(GhEventsOptions options, Clock clock) {
    boolean auto = AUTO.equals(options.getHours() == null ? null : options.getHours().trim());
    List<GhHour> hours = List.of();
    if (!auto) {
      try {
        hours = HourSpec.resolve(options.getHours(), clock);
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionException("hours", e.getMessage());
      }
    }
    if (options.getLookbackHours() < 1 || options.getLookbackHours() > AutoHours.MAX_LOOKBACK) {
      throw new InvalidOptionException(
          "lookbackHours", "must be between 1 and " + AutoHours.MAX_LOOKBACK);
    }
    if (auto && options.getReload()) {
      throw new InvalidOptionException(
          "reload",
          "cannot go with --hours=auto, which plans only hours not loaded yet; name the hours to"
              + " reload in --hours");
    }
    if (options.getHoursPerUnit() < 1 || options.getHoursPerUnit() > 24) {
      throw new InvalidOptionException("hoursPerUnit", "must be between 1 and 24");
    }
    if (options.getMissingAfterHours() < 1) {
      throw new InvalidOptionException("missingAfterHours", "must be 1 or more");
    }
    boolean onDataflow = options.getRunner().getSimpleName().equals("DataflowRunner");
    String source = required("source", options.getSource());
    if (onDataflow && !source.contains("://")) {
      throw new InvalidOptionException(
          "source",
          "'"
              + source
              + "' is a local folder, which Dataflow workers cannot read; use https:// or"
              + " gs://");
    }
    if (!source.contains("://")) {
      Path folder = Path.of(source).toAbsolutePath().normalize();
      if (!Files.isDirectory(folder)) {
        throw new InvalidOptionException(
            "source", "'" + source + "' is neither a URI nor an existing folder");
      }
      source = folder.toString();
    }
    String lake = localPathOrUri("lake", options.getLake());
    if (onDataflow && !lake.startsWith("gs://")) {
      throw new InvalidOptionException(
          "lake",
          "'"
              + options.getLake()
              + "' is not a gs:// path; Dataflow workers cannot share a local"
              + " lake");
    }
    WarehouseKind warehouse = options.getWarehouse();
    if (onDataflow && warehouse != WarehouseKind.BIGQUERY) {
      throw new InvalidOptionException(
          "warehouse",
          warehouse + " writes a local file, which Dataflow workers cannot share; use BIGQUERY");
    }
    Datasets datasets =
        new Datasets(
            dataset("landingDataset", options.getLandingDataset()),
            dataset("stagingDataset", options.getStagingDataset()),
            dataset("opsDataset", options.getOpsDataset()));
    BigQueryTarget bigquery = warehouse == WarehouseKind.BIGQUERY ? bigQueryTarget(options) : null;
    if (onDataflow && bigquery != null && bigquery.endpoint() != null) {
      // Checked before anything connects: the launcher would reach that host, and the commit would
      // take the emulator's path, which has no transaction.
      throw new InvalidOptionException(
          "bigqueryEndpoint",
          "is for tests against a local BigQuery emulator and cannot be used on Dataflow; leave it"
              + " out to use Google's BigQuery");
    }
    String duckdbPath = required("duckdbPath", options.getDuckdbPath());
    String memoryLimit = required("duckdbMemoryLimit", options.getDuckdbMemoryLimit());
    if (!MEMORY.matcher(memoryLimit).matches()) {
      throw new InvalidOptionException(
          "duckdbMemoryLimit", "'" + memoryLimit + "' is not a size like 2GB or 512MB");
    }

    List<String> eventTypes = null;
    Set<String> tables = new LinkedHashSet<>(EventTypes.allTables());
    if (options.getEventTypes() != null && !options.getEventTypes().isBlank()) {
      eventTypes = new ArrayList<>();
      tables.clear();
      for (String item : options.getEventTypes().split(",")) {
        String type = item.trim();
        if (!EventTypes.isKnown(type)) {
          throw new InvalidOptionException(
              "eventTypes",
              "'"
                  + type
                  + "' is not an event type; known types: "
                  + String.join(", ", EventTypes.KNOWN));
        }
        if (!eventTypes.contains(type)) {
          eventTypes.add(type);
          tables.add(EventTypes.tableOf(type));
        }
      }
    }
    double ratio = options.getMaxErrorRatio();
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new InvalidOptionException("maxErrorRatio", ratio + " is not between 0 and 1");
    }
    if (options.getMaxDeadLetters() < 0) {
      throw new InvalidOptionException("maxDeadLetters", "must be 0 or more");
    }
    if (options.getFetchRetries() < 0) {
      throw new InvalidOptionException("fetchRetries", "must be 0 or more");
    }
    if (options.getFetchTimeoutSeconds() < 1) {
      throw new InvalidOptionException("fetchTimeoutSeconds", "must be 1 or more");
    }
    if (options.getLineBuckets() < 0) {
      throw new InvalidOptionException("lineBuckets", "must be 0 (automatic) or more");
    }
    Integer lineBuckets = options.getLineBuckets() > 0 ? options.getLineBuckets() : null;
    if (lineBuckets == null && !onDataflow) {
      // A local runner's reshuffle holds the whole hour in memory until its input ends.
      lineBuckets = 0;
    }
    String publishTopic = options.getPublishTopic();
    if (publishTopic != null && publishTopic.isBlank()) {
      publishTopic = null;
    }
    if (publishTopic != null && !TOPIC.matcher(publishTopic.trim()).matches()) {
      throw new InvalidOptionException(
          "publishTopic", "'" + publishTopic + "' is not a topic like projects/P/topics/T");
    }
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
    return new RunConfig(
        List.copyOf(hours),
        auto,
        options.getLookbackHours(),
        options.getMissingAfterHours(),
        List.of(),
        source,
        lake,
        warehouse,
        datasets,
        duckdbPath,
        memoryLimit,
        bigquery,
        options.getWriteMethod(),
        onDataflow,
        eventTypes == null ? null : List.copyOf(eventTypes),
        Set.copyOf(tables),
        ratio,
        options.getMaxDeadLetters(),
        options.getFetchRetries(),
        options.getFetchTimeoutSeconds(),
        lineBuckets,
        loadId,
        publishTopic == null ? null : publishTopic.trim(),
        startedAt,
        options.getReload(),
        options.getHoursPerUnit());
  }

  /** This run with the hours {@code --hours=auto} planned from the ledger. */
  public RunConfig withPlan(AutoHours.Plan plan) {
    return withHours(plan.load(), plan.giveUp());
  }

  /** This run narrowed to some of its hours: one unit of work, or what is left to load. */
  public RunConfig withHours(List<GhHour> load, List<GhHour> missing) {
    return new RunConfig(
        List.copyOf(load),
        autoHours,
        lookbackHours,
        missingAfterHours,
        List.copyOf(missing),
        source,
        lake,
        warehouse,
        datasets,
        duckdbPath,
        duckdbMemoryLimit,
        bigquery,
        writeMethod,
        onDataflow,
        eventTypes,
        selectedTables,
        maxErrorRatio,
        maxDeadLetters,
        fetchRetries,
        fetchTimeoutSeconds,
        lineBuckets,
        loadId,
        publishTopic,
        startedAt,
        reload,
        hoursPerUnit);
  }

  /** The {@code --eventTypes} value as recorded in the ledger, or null for all types. */
  public String eventTypesLabel() {
    return eventTypes == null ? null : String.join(",", eventTypes);
  }

  private static BigQueryTarget bigQueryTarget(GhEventsOptions options) {
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
    String location = required("bigqueryLocation", options.getBigqueryLocation());
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
      endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    } else {
      endpoint = null;
    }
    return new BigQueryTarget(project, location, endpoint);
  }

  private static String dataset(String flag, String value) {
    String name = required(flag, value);
    if (!Datasets.isValidName(name)) {
      throw new InvalidOptionException(
          flag, "'" + name + "' is not a dataset name: use letters, digits and underscores");
    }
    return name;
  }

  private static String required(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidOptionException(flag, "must not be empty");
    }
    return value.trim();
  }

  private static String localPathOrUri(String flag, String value) {
    String v = required(flag, value);
    return v.contains("://") ? v : Path.of(v).toAbsolutePath().normalize().toString();
  }
}
