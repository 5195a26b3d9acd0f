package dev.ghevents.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How the run judges and labels what it loaded. */
public interface LoadOptions extends PipelineOptions {
  @Description(
      "Share of an hour's lines that may be dead-lettered (0 to 1). Above it the run fails with a"
          + " message naming the hour, after recording the rows, the dead letters and the ledger.")
  @Default.Double(0.01)
  double getMaxErrorRatio();

  void setMaxErrorRatio(double value);

  @Description(
      "Most dead letters one run may have, all hours together. Above it the run fails with a"
          + " message, after recording the rows, the dead letters and the ledger.")
  @Default.Long(100_000)
  long getMaxDeadLetters();

  void setMaxDeadLetters(long value);

  @Description(
      "How many groups the lines are spread over for parsing and writing. 0 (the default) chooses:"
          + " one group per line on a Dataflow job that may use more than one worker, so every"
          + " worker parses; none on a job whose maxNumWorkers is 1 (the hourly job: there a"
          + " reshuffle only adds shuffle charges) and on a local runner, where a reshuffle would"
          + " hold the hour's lines in memory a second time.")
  @Default.Integer(0)
  int getLineBuckets();

  void setLineBuckets(int value);

  @Description(
      "A Pub/Sub topic (projects/P/topics/T) the run publishes one message to when it succeeds:"
          + " its hours and counts. The deployment's dbt build is triggered by it. Default: none.")
  String getPublishTopic();

  void setPublishTopic(String value);

  @Description(
      "The run's load_id (letters, digits, _ and -). Default: the start time and a random suffix.")
  String getLoadId();

  void setLoadId(String value);

  @Description(
      "Load hours the ledger already shows as loaded again (an explicit --hours list or range"
          + " skips them by default). Reloading changes no staging row: every id is already there."
          + " Not with --hours=auto.")
  @Default.Boolean(false)
  boolean getReload();

  void setReload(boolean value);

  @Description(
      "How many hours a local run fetches, lands and commits together before it starts the next"
          + " ones: auto (hours whose file sizes are known before the fetch, from a local source"
          + " or the lake, share a unit up to 32 MB of files and 24 hours; any other hour is a"
          + " unit of its own) or a number from 1 to 24. Memory grows with a unit; a Dataflow job"
          + " commits all its hours as one unit.")
  @Default.String("auto")
  String getHoursPerUnit();

  void setHoursPerUnit(String value);
}
