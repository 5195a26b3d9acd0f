package dev.ghevents.options;

import dev.ghevents.model.EventTypes;
import dev.ghevents.run.RunUnits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.runners.dataflow.options.DataflowPipelineWorkerPoolOptions;

/**
 * What the run loads and what it tolerates.
 *
 * @param eventTypes the types {@code --eventTypes} selected, or null for all
 * @param selectedTables the event tables this run loads
 * @param maxErrorRatio the share of an hour's lines that may be dead letters
 * @param maxDeadLetters how many dead letters a run may have
 * @param lineBuckets how many keys the lines are reshuffled over: null for one per line (Dataflow),
 *     0 for no reshuffle (a local run: there a reshuffle holds the hour's lines a second time; a
 *     one-worker Dataflow job: there it would only be billed)
 * @param reload whether hours the ledger shows as loaded are loaded again ({@code --reload})
 * @param hoursPerUnit how many hours a local run commits together, or null for {@code auto}: by the
 *     sizes of their files (see {@link dev.ghevents.run.RunUnits})
 * @param publishTopic the Pub/Sub topic told of each commit, or null
 */
public record LoadPolicy(
    List<String> eventTypes,
    Set<String> selectedTables,
    double maxErrorRatio,
    long maxDeadLetters,
    Integer lineBuckets,
    boolean reload,
    Integer hoursPerUnit,
    String publishTopic) {
  private static final Pattern TOPIC =
      Pattern.compile(
          "projects/([a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][A-Za-z0-9._~%+-]{2,254}");

  /**
   * @param auto whether the hours are {@code --hours=auto} (which {@code --reload} cannot go with)
   * @throws InvalidOptionException naming the bad flag
   */
  static LoadPolicy from(RunOptions options, boolean auto, boolean onDataflow) {
    if (auto && options.getReload()) {
      throw new InvalidOptionException(
          "reload",
          "cannot go with --hours=auto, which plans only hours not loaded yet; name the hours to"
              + " reload in --hours");
    }
    Integer hoursPerUnit = hoursPerUnit(options.getHoursPerUnit());
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
    if (options.getLineBuckets() < 0) {
      throw new InvalidOptionException("lineBuckets", "must be 0 (automatic) or more");
    }
    Integer lineBuckets = options.getLineBuckets() > 0 ? options.getLineBuckets() : null;
    if (lineBuckets == null && !onDataflow) {
      // A local runner's reshuffle holds the whole hour in memory until its input ends.
      lineBuckets = 0;
    } else if (lineBuckets == null
        && options.as(DataflowPipelineWorkerPoolOptions.class).getMaxNumWorkers() == 1) {
      // One worker parses everything anyway; a reshuffle of every line would only be billed
      // (Dataflow Shuffle charges by the bytes it moves: about 0.75 GB each way for a 2024 hour).
      lineBuckets = 0;
    }
    String topic = options.getPublishTopic();
    topic = topic == null || topic.isBlank() ? null : topic.trim();
    if (topic != null && !TOPIC.matcher(topic).matches()) {
      throw new InvalidOptionException(
          "publishTopic", "'" + topic + "' is not a topic like projects/P/topics/T");
    }
    return new LoadPolicy(
        eventTypes == null ? null : List.copyOf(eventTypes),
        Set.copyOf(tables),
        ratio,
        options.getMaxDeadLetters(),
        lineBuckets,
        options.getReload(),
        hoursPerUnit,
        topic);
  }

  /** {@code --hoursPerUnit}: null for {@code auto}, else a number of hours from 1 to 24. */
  private static Integer hoursPerUnit(String value) {
    String v = value == null ? "auto" : value.trim();
    if (v.equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= RunUnits.MAX_HOURS_PER_UNIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new InvalidOptionException(
        "hoursPerUnit",
        "'"
            + value
            + "' is neither auto nor a number of hours between 1 and "
            + RunUnits.MAX_HOURS_PER_UNIT);
  }

  /** The {@code --eventTypes} value as recorded in the ledger, or null for all types. */
  public String eventTypesLabel() {
    return eventTypes == null ? null : String.join(",", eventTypes);
  }
}
