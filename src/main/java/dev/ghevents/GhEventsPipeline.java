package dev.ghevents;

import dev.ghevents.fetch.FetchHours;
import dev.ghevents.fetch.HourFetcher;
import dev.ghevents.fetch.HttpDownloader;
import dev.ghevents.hours.AutoHours;
import dev.ghevents.hours.GhHour;
import dev.ghevents.lake.LakeLayout;
import dev.ghevents.lake.WriteRawEventFiles;
import dev.ghevents.ledger.HourResult;
import dev.ghevents.ledger.HourStatus;
import dev.ghevents.ledger.LoadSummary;
import dev.ghevents.load.CommitLoad;
import dev.ghevents.load.EnforceErrorBudget;
import dev.ghevents.load.ErrorBudgetExceededException;
import dev.ghevents.load.PublishLoad;
import dev.ghevents.load.SummaryTable;
import dev.ghevents.model.EventRow;
import dev.ghevents.options.InvalidOptionException;
import dev.ghevents.options.RunConfig;
import dev.ghevents.parse.ParseAndRoute;
import dev.ghevents.parse.RoutedEvents;
import dev.ghevents.read.ReadHourLines;
import dev.ghevents.run.RunProgress;
import dev.ghevents.run.RunUnits;
import dev.ghevents.text.Messages;
import dev.ghevents.warehouse.Warehouse;
import dev.ghevents.warehouse.bigquery.BigQueryConfig;
import dev.ghevents.warehouse.duckdb.DuckDbConfig;
import dev.ghevents.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline: resolve hours → fetch into the lake → read lines → parse and route by type → write
 * per-type lake files and landing rows → merge into staging and record the ledger → check the error
 * budget. See docs/ARCHITECTURE.md, "The flow".
 */
public final class GhEventsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(GhEventsPipeline.class);

  private GhEventsPipeline() {}

  /** The outcome of a run: what it committed, and why it failed if it did. */
  public record Outcome(LoadSummary summary, String failure) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  public static void main(String[] args) {
    exit(runMain(args));
  }

  /**
   * What {@code main} does, up to the exit code it ends the process with: 0 when every planned hour
   * is committed, 1 when the run failed (the message names the hour), 2 for a bad option.
   */
  public static int runMain(String[] args) {
    return runMain(args, UnaryOperator.identity());
  }

  /**
   * {@link #runMain(String[])} on the warehouse the options name, as {@code around} wraps it (the
   * crash tests stop a run at chosen points this way).
   */
  public static int runMain(String[] args, UnaryOperator<Warehouse> around) {
    if (Arrays.stream(args).noneMatch(arg -> arg.equalsIgnoreCase("--warehouse=BIGQUERY"))) {
      // The local warehouse's native library loads while Beam checks the options.
      DuckDbWarehouse.preloadInBackground();
    }
    GhEventsOptions options;
    RunConfig config;
    try {
      options = parseOptions(args);
      config = configure(options, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println("ghevents: " + Messages.firstLine(e.getMessage()));
      return 2;
    }
    Outcome outcome;
    String location = null;
    try (Warehouse warehouse = around.apply(config.warehouse().open(config.loadId()))) {
      location = warehouse.location();
      outcome = run(options, config, warehouse);
    } catch (RuntimeException | Error e) {
      // Out of memory outside the runner, or a warehouse that fails to close: still say so.
      LOG.debug("The run failed outside its units", e);
      outcome =
          new Outcome(
              null,
              e instanceof OutOfMemoryError
                  ? "out of memory"
                      + outOfMemoryAdvice()
                      + " (the ledger says which hours were committed)"
                  : rootMessage(e));
    }
    if (outcome.summary() != null) {
      System.out.print(SummaryTable.format(outcome.summary(), config.lake(), location));
    }
    if (!outcome.succeeded()) {
      System.err.println("ghevents: the run failed: " + outcome.failure());
    }
    return outcome.succeeded() ? 0 : 1;
  }

  /**
   * The options of {@code args}; a value Beam cannot parse, or a write method no longer offered, is
   * an {@link IllegalArgumentException} naming it (before any work).
   */
  static GhEventsOptions parseOptions(String[] args) {
    for (String arg : args) {
      if (arg.equals("--writeMethod=STORAGE_WRITE_API")) {
        throw new InvalidOptionException(
            "writeMethod",
            "STORAGE_WRITE_API is not offered: its rows become visible only when BigQueryIO"
                + " finalizes its streams, a step after the output the commit waits on, so the"
                + " commit could miss rows; use STORAGE_API_AT_LEAST_ONCE (the default; the"
                + " commit's MERGE removes the duplicates an at-least-once append can make) or"
                + " FILE_LOADS");
      }
    }
    PipelineOptionsFactory.register(GhEventsOptions.class);
    GhEventsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(GhEventsOptions.class);
    if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--targetParallelism"))) {
      // A local unit runs its stages one bundle at a time, and Beam 2.73's DirectRunner drives a
      // pool of more than one thread by looping over its watermarks without pause: a core busy and
      // about 1 GB/s of garbage while DuckDB merges. One thread: the same wall time at best, a
      // fifth less CPU, and a faster run when the machine is busy (README, "Performance").
      options.as(DirectOptions.class).setTargetParallelism(1);
    }
    return options;
  }

  /**
   * Ends the process. A runner whose pipeline failed (above all out of memory) can leave non-daemon
   * threads behind that would keep the JVM alive forever; if the orderly exit has not happened
   * within seconds, the process is halted.
   */
  private static void exit(int code) {
    System.out.flush();
    System.err.flush();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(code);
            },
            "exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(code);
  }

  /**
   * The run's checked configuration: the options every run has, and the chosen warehouse's own.
   *
   * @throws dev.ghevents.options.InvalidOptionException naming the first bad flag
   */
  public static RunConfig configure(GhEventsOptions options, Clock clock) {
    return RunConfig.from(
        options,
        (kind, datasets, onDataflow) ->
            switch (kind) {
              case DUCKDB -> DuckDbConfig.from(options, datasets);
              case BIGQUERY -> BigQueryConfig.from(options, datasets, onDataflow);
            },
        clock);
  }

  /**
   * Runs the load to the end on the options' runner; never throws for bad data. Locally the hours
   * are a sequence of units ({@code --hoursPerUnit}), each fetched, landed and committed by a
   * pipeline of its own before the next starts, so memory is bounded by a unit and a stopped run
   * resumes from the ledger. A Dataflow job is one unit.
   */
  public static Outcome run(GhEventsOptions options, RunConfig config, Warehouse warehouse) {
    LOG.info(
        "Load {}: {} from {} into the lake {} and the warehouse {}",
        config.loadId(),
        config.plan().auto() ? "--hours=auto" : config.hours().size() + " hour(s)",
        config.source().uri(),
        config.lake(),
        warehouse.location());
    try {
      warehouse.prepare();
    } catch (RuntimeException e) {
      // A warehouse in use by another run, or one that cannot be created: nothing was done.
      return new Outcome(null, e.getMessage());
    }
    removeKilledRunsParts(config.lake());
    if (config.plan().auto()) {
      config = planAutoHours(config, warehouse);
    } else if (!config.policy().reload() && !config.hours().isEmpty()) {
      config = skipLoadedHours(config, warehouse);
    }
    if (config.onDataflow()) {
      // Even with nothing to do: a Flex Template launch whose launcher submits no job fails.
      logPacificNames(config);
      return submitToDataflow(options, config, warehouse);
    }
    if (config.hours().isEmpty() && config.missingHours().isEmpty()) {
      return new Outcome(new LoadSummary(config.loadId(), List.of(), List.of()), null);
    }
    logPacificNames(config);
    Integer hoursPerUnit = config.policy().hoursPerUnit();
    List<RunUnits.Unit> units =
        hoursPerUnit == null
            ? RunUnits.planBySize(config.hours(), config.missingHours(), fetcher(config)::knownSize)
            : RunUnits.plan(config.hours(), config.missingHours(), hoursPerUnit);
    RunProgress progress = new RunProgress(config.hours().size() + config.missingHours().size());
    LOG.info(
        "Load {}: {} hour(s) in {} unit(s) of {}, each committed before the next starts; the time"
            + " left is estimated after the first",
        config.loadId(),
        progress.totalHours(),
        units.size(),
        hoursPerUnit == null
            ? "up to "
                + RunUnits.AUTO_UNIT_BYTES / (1 << 20)
                + " MB of files known before the fetch, otherwise 1 hour (--hoursPerUnit=auto)"
            : "up to " + hoursPerUnit + " hour(s)");
    for (RunUnits.Unit unit : units) {
      String failure = runUnit(options, config.withHours(unit.load(), unit.missing()), warehouse);
      if (failure != null) {
        return failedUnit(unit, units, failure, warehouse, config.loadId());
      }
      LoadSummary committed = summaryIfCommitted(warehouse, config.loadId());
      if (committed != null) {
        progress.committed(committed, unit.hourNames());
      }
    }
    new LakeLayout(config.lake()).removeEmptyPartFolders(config.loadId());
    return new Outcome(warehouse.summary(config.loadId()), null);
  }

  /** How long a load's part folder must be untouched before a local run deletes it. */
  private static final Duration KILLED_PARTS_AGE = Duration.ofDays(1);

  /** A killed local run's part files are never joined; the next run deletes them after a day. */
  private static void removeKilledRunsParts(String lake) {
    LakeLayout.Removed removed = new LakeLayout(lake).removeStalePartFolders(KILLED_PARTS_AGE);
    if (removed.folders() > 0) {
      LOG.info(
          "Deleted the part files of {} load(s) under {}/tmp untouched for a day or more ({} MB):"
              + " runs that were stopped before their commit",
          removed.folders(),
          lake,
          removed.bytes() >> 20);
    }
  }

  /**
   * The outcome of a unit that failed: what the ledger holds, and the message naming the unit. A
   * runner's thread can hold the unit's lines for a moment after an out-of-memory error, so if
   * memory is still short the ledger is read once more after a pause, then the failure is given
   * alone.
   */
  private static Outcome failedUnit(
      RunUnits.Unit unit,
      List<RunUnits.Unit> units,
      String failure,
      Warehouse warehouse,
      String loadId) {
    for (int attempt = 1; ; attempt++) {
      try {
        LoadSummary committed = summaryIfCommitted(warehouse, loadId);
        return new Outcome(committed, RunUnits.failureMessage(unit, units, failure, committed));
      } catch (OutOfMemoryError e) {
        if (attempt == 2) {
          return new Outcome(null, failure);
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one unit's pipeline to its end on a local runner; returns null when it committed, else
   * what went wrong. The runner's state is checked as well as its exceptions: Beam's DirectRunner
   * reports some failures (out of memory inside a grouping) as a FAILED state, not an exception.
   */
  private static String runUnit(GhEventsOptions options, RunConfig unit, Warehouse warehouse) {
    // Made before the run: once the heap is exhausted, even these messages might not be.
    String advice = outOfMemoryAdvice();
    String outOfMemory = "out of memory" + advice;
    PipelineResult result = null;
    try {
      Pipeline pipeline = Pipeline.create(options);
      build(pipeline, unit, warehouse);
      result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        return "the runner ended the pipeline in state " + state;
      }
      logCounters(result);
      return null;
    } catch (RuntimeException | Error e) {
      ErrorBudgetExceededException budget = find(e, ErrorBudgetExceededException.class);
      if (budget != null) {
        return budget.getMessage();
      }
      OutOfMemoryError oom = find(e, OutOfMemoryError.class);
      if (oom != null) {
        // No stack trace: it says nothing the message does not, and logging it needs memory.
        try {
          return "out of memory (" + oom.getMessage() + ")" + advice;
        } catch (OutOfMemoryError again) {
          return outOfMemory;
        }
      }
      LOG.error("Load {} failed in hour(s) {}", unit.loadId(), unit.hours(), e);
      return rootMessage(e);
    } finally {
      if (result != null) {
        cancelQuietly(result);
      }
    }
  }

  /** What follows "out of memory" (and the error's kind, when there is room for it). */
  private static String outOfMemoryAdvice() {
    return ": this unit needs more than the JVM's heap of "
        + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MB; run again with more heap (with make run: JAVA_OPTS=-Xmx3g)";
  }

  /**
   * A Flex Template launcher returns once the job is submitted; the job's commit records it. The
   * job is submitted whatever the plan holds: the launcher of a Flex Template must write a job (the
   * launch fails otherwise, "Failed to read the job file"), and a job with no hour to fetch reads
   * nothing, commits only the ledger rows of hours given up on, and announces nothing. The hourly
   * workflow launches only once GH Archive has published the newest hour (terraform/scheduler.tf),
   * so such a job runs only when another load got there first.
   */
  static Outcome submitToDataflow(GhEventsOptions options, RunConfig config, Warehouse warehouse) {
    if (config.hours().isEmpty()) {
      LOG.info(
          "Load {}: no hour to fetch{}; submitting the job anyway, since a Flex Template launch"
              + " fails unless its launcher submits one",
          config.loadId(),
          config.missingHours().isEmpty()
              ? ""
              : " (" + config.missingHours().size() + " to record as missing)");
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, config, warehouse);
    try {
      pipeline.run();
    } catch (RuntimeException e) {
      LOG.error("Load {} could not be submitted", config.loadId(), e);
      return new Outcome(null, rootMessage(e));
    }
    LOG.info(
        "Load {} submitted to Dataflow; its ledger rows will tell how it went", config.loadId());
    return new Outcome(null, null);
  }

  /** An explicit list or range without {@code --reload}: hours already loaded are not redone. */
  static RunConfig skipLoadedHours(RunConfig config, Warehouse warehouse) {
    List<GhHour> hours = config.hours();
    Map<String, String> loaded = warehouse.loadedBy(hours.get(0), hours.get(hours.size() - 1));
    List<GhHour> rest = new ArrayList<>();
    int skipped = 0;
    for (GhHour hour : hours) {
      String by = loaded.get(hour.name());
      if (by == null) {
        rest.add(hour);
      } else if (skipped++ < RunUnits.LOGGED_SKIPS) {
        LOG.info("{}: skipped, loaded by load {} (--reload loads it again)", hour, by);
      }
    }
    if (skipped > RunUnits.LOGGED_SKIPS) {
      LOG.info("... and {} more hour(s) skipped as loaded", skipped - RunUnits.LOGGED_SKIPS);
    }
    if (skipped > 0) {
      LOG.info("{} of {} hour(s) already loaded; {} to load", skipped, hours.size(), rest.size());
    }
    return config.withHours(rest, config.missingHours());
  }

  private static void cancelQuietly(PipelineResult result) {
    try {
      if (!result.getState().isTerminal()) {
        result.cancel();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not cancel a finished pipeline", e);
    }
  }

  /** Says, once, that hours before 2015 come from files GH Archive names by Pacific time. */
  private static void logPacificNames(RunConfig config) {
    List<GhHour> pacific = config.hours().stream().filter(GhHour::isPacificNamed).toList();
    if (!pacific.isEmpty()) {
      GhHour first = pacific.get(0);
      LOG.info(
          "{} hour(s) before 2015: GH Archive names those files by US Pacific time, so each UTC"
              + " hour is fetched from the file that holds it (e.g. {} from {}){}",
          pacific.size(),
          first,
          first.fileName(),
          config.coveredHours().isEmpty()
              ? ""
              : "; " + config.coveredHours() + " share a file with the hour before (DST ended)");
    }
  }

  /** {@code --hours=auto}: the window's hours the ledger does not show as done. */
  static RunConfig planAutoHours(RunConfig config, Warehouse warehouse) {
    GhHour first = AutoHours.windowStart(config.startedAt(), config.plan().lookbackHours());
    GhHour last = AutoHours.newestComplete(config.startedAt());
    AutoHours.Plan plan =
        AutoHours.plan(
            config.startedAt(),
            config.plan().lookbackHours(),
            config.plan().missingAfterHours(),
            warehouse.ledgerStatuses(first, last));
    if (plan.isEmpty()) {
      LOG.info(
          "--hours=auto: every hour from {} to {} is loaded or missing; nothing to do",
          first,
          last);
    } else {
      LOG.info(
          "--hours=auto: {} hour(s) to load from {} to {}; {} given up as missing{}",
          plan.load().size(),
          first,
          last,
          plan.giveUp().size(),
          plan.giveUp().isEmpty() ? "" : " " + plan.giveUp());
    }
    return config.withPlan(plan);
  }

  /** Builds the whole graph; returns the committed summaries (one element). */
  public static PCollection<LoadSummary> build(
      Pipeline pipeline, RunConfig config, Warehouse warehouse) {
    Landed landed = land(pipeline, config, warehouse);
    PCollection<LoadSummary> committed =
        landed
            .hours()
            .apply(
                "Commit",
                new CommitLoad(
                    warehouse,
                    config.loadId(),
                    config.startedAt().toEpochMilli() * 1000,
                    config.policy().eventTypesLabel(),
                    landed.writes(),
                    landed.skippedHours(),
                    landed.createdAtSpans()))
            .apply(
                "Error budget",
                new EnforceErrorBudget(
                    config.policy().maxErrorRatio(), config.policy().maxDeadLetters()));
    if (config.policy().publishTopic() != null) {
      committed.apply("Publish the load", new PublishLoad(config.policy().publishTopic(), null));
    }
    return committed;
  }

  /**
   * What the run has written before its commit.
   *
   * @param hours what fetching and reading each hour gave
   * @param writes every write of the run, which the commit waits for
   * @param skippedHours the hour of every line left out by {@code --eventTypes}
   * @param createdAtSpans per source hour, the span of its events' {@code created_at}
   */
  public record Landed(
      PCollection<HourResult> hours,
      List<PCollection<?>> writes,
      PCollection<Long> skippedHours,
      PCollection<KV<Long, KV<Long, Long>>> createdAtSpans) {}

  /**
   * The graph up to the commit: fetch into the lake, read, parse and route, then write the lake's
   * per-type files and the warehouse's landing tables.
   */
  public static Landed land(Pipeline pipeline, RunConfig config, Warehouse warehouse) {
    HourFetcher fetcher = fetcher(config);
    PCollectionTuple read =
        pipeline
            .apply("Fetch", new FetchHours(config.hours(), fetcher))
            .apply("Read", new ReadHourLines(ReadHourLines.DEFAULT_MAX_LINE_BYTES));
    RoutedEvents routed =
        read.get(ReadHourLines.LINES)
            .apply(
                "Parse",
                new ParseAndRoute(config.policy().selectedTables(), config.policy().lineBuckets()));

    PCollection<EventRow> events = routed.allEvents();
    String loadId = config.loadId();
    List<PCollection<?>> writes =
        List.of(
            events.apply("Land events", warehouse.landEvents(loadId)),
            events.apply(
                "Write lake files", new WriteRawEventFiles(new LakeLayout(config.lake()), loadId)),
            routed
                .allDeadLetters(read.get(ReadHourLines.DEAD_LETTERS))
                .apply("Land dead letters", warehouse.landDeadLetters(loadId)));
    // Hours given up on, and hours whose file an earlier hour fetched, only get their ledger row.
    PCollection<HourResult> hours =
        PCollectionList.of(read.get(ReadHourLines.HOURS))
            .and(
                pipeline.apply(
                    "Hours recorded, not fetched",
                    Create.of(unfetchedResults(config, fetcher))
                        .withCoder(SerializableCoder.of(HourResult.class))))
            .apply("All hours", Flatten.pCollections());
    return new Landed(hours, writes, routed.skippedHours(), routed.createdAtSpans());
  }

  private static HourFetcher fetcher(RunConfig config) {
    return new HourFetcher(
        config.source().uri(),
        new LakeLayout(config.lake()),
        new HttpDownloader(
            config.source().fetchRetries(), config.source().fetchTimeoutSeconds() * 1000, 1000));
  }

  /**
   * The ledger rows of the hours not fetched: those {@code --hours=auto} gave up on, and those
   * whose file the previous hour's fetch already brought (a Pacific-time file holding two hours).
   */
  private static List<HourResult> unfetchedResults(RunConfig config, HourFetcher fetcher) {
    List<HourResult> results = new ArrayList<>(missingResults(config, fetcher));
    for (GhHour h : config.coveredHours()) {
      results.add(
          unfetched(
              h,
              fetcher,
              HourStatus.LOADED,
              "in GH Archive's file "
                  + h.archiveName()
                  + " (US Pacific time) with "
                  + h.plusHours(-1)
                  + ": daylight saving time ended in that hour, so the file holds both UTC hours;"
                  + " its lines are counted in "
                  + h.plusHours(-1)
                  + "'s row"));
    }
    return results;
  }

  /**
   * The ledger row of an hour recorded without reading a file: no lines, no bytes, no lake copy.
   */
  private static HourResult unfetched(
      GhHour hour, HourFetcher fetcher, HourStatus status, String message) {
    return new HourResult(
        hour.name(),
        hour.start().toEpochMilli() * 1000,
        fetcher.sourceUri(hour),
        null,
        status,
        0,
        0,
        message);
  }

  /** The ledger rows of the hours {@code --hours=auto} gave up on. */
  private static List<HourResult> missingResults(RunConfig config, HourFetcher fetcher) {
    return config.missingHours().stream()
        .map(
            h ->
                unfetched(
                    h,
                    fetcher,
                    HourStatus.MISSING,
                    "still not published "
                        + config.plan().missingAfterHours()
                        + " hours after it ended: given up (--missingAfterHours)"))
        .toList();
  }

  /**
   * One line with the run's Beam counters: lines read, events parsed, dead letters, rows landed.
   */
  private static void logCounters(PipelineResult result) {
    // A counter reported by several steps (e.g. the parser's, once per line bucket) is summed.
    Map<String, Long> totals = new TreeMap<>();
    for (MetricResult<Long> counter :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      totals.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    LOG.info("Counters: {}", totals);
  }

  private static LoadSummary summaryIfCommitted(Warehouse warehouse, String loadId) {
    try {
      LoadSummary summary = warehouse.summary(loadId);
      return summary.hours().isEmpty() ? null : summary;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
