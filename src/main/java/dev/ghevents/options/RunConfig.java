package dev.ghevents.options;

import dev.ghevents.hours.GhHour;
import dev.ghevents.hours.HourSpec;
import dev.ghevents.model.EventTypes;
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

/**
 * The options of one run, checked before any work is done. Every problem is reported with the flag
 * it belongs to; local paths are made absolute so every worker thread sees the same files.
 *
 * @param eventTypes the types {@code --eventTypes} selected, or null for all
 * @param selectedTables the event tables this run loads
 * @param lineBuckets how many keys the lines are reshuffled over, or null for one per line
 */
public record RunConfig(
    List<GhHour> hours,
    String source,
    String lake,
    String duckdbPath,
    String duckdbMemoryLimit,
    List<String> eventTypes,
    Set<String> selectedTables,
    double maxErrorRatio,
    int fetchRetries,
    int fetchTimeoutSeconds,
    Integer lineBuckets,
    String loadId,
    Instant startedAt) {

  private static final Pattern MEMORY =
      Pattern.compile("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)");
  private static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final DateTimeFormatter LOAD_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Validates {@code options}.
   *
   * @throws InvalidOptionException naming the first bad flag and what is wrong with it
   */
  public static RunConfig from(GhEventsOptions options, Clock clock) {
    List<GhHour> hours;
    try {
      hours = HourSpec.resolve(options.getHours(), clock);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("hours", e.getMessage());
    }
    String source = required("source", options.getSource());
    if (!source.contains("://")) {
      Path folder = Path.of(source).toAbsolutePath().normalize();
      if (!Files.isDirectory(folder)) {
        throw new InvalidOptionException(
            "source", "'" + source + "' is neither a URI nor an existing folder");
      }
      source = folder.toString();
    }
    String lake = localPathOrUri("lake", options.getLake());
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
    if (lineBuckets == null && options.getRunner().getSimpleName().equals("DirectRunner")) {
      lineBuckets = Runtime.getRuntime().availableProcessors();
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
        source,
        lake,
        duckdbPath,
        memoryLimit,
        eventTypes == null ? null : List.copyOf(eventTypes),
        Set.copyOf(tables),
        ratio,
        options.getFetchRetries(),
        options.getFetchTimeoutSeconds(),
        lineBuckets,
        loadId,
        startedAt);
  }

  /** The {@code --eventTypes} value as recorded in the ledger, or null for all types. */
  public String eventTypesLabel() {
    return eventTypes == null ? null : String.join(",", eventTypes);
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
