package dev.ghevents.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which hours to load, and from where. */
public interface SourceOptions extends PipelineOptions {
  @Description(
      "Hours to load, UTC, named as GH Archive names them: YYYY-MM-DD-H with the hour not"
          + " zero-padded. One hour (2024-01-01-15), a comma list (2024-01-01-5,2024-01-01-6) or an"
          + " inclusive range (2024-01-01-0..2024-01-01-23); items may be mixed, from GH Archive's"
          + " first hour, 2011-02-12-0. Before 2015 GH Archive names its files by US Pacific time;"
          + " each UTC hour is fetched from the file that holds it. 'auto' (what the hourly"
          + " schedule runs): every hour of the last --lookbackHours the ledger does not show as"
          + " loaded or missing.")
  String getHours();

  void setHours(String value);

  @Description(
      "Base URI of the hour files; the file of hour H is SOURCE/H.json.gz (H in US Pacific time"
          + " before 2015). https://"
          + " (streamed, retried), a local folder, or gs://.")
  @Default.String("https://data.gharchive.org")
  String getSource();

  void setSource(String value);

  @Description(
      "Load only these event types, a comma list (e.g. PushEvent,WatchEvent), for targeted"
          + " backfills. Lines of other types are counted in the ledger as skipped. Default: all"
          + " types, unknown ones included (into other_events).")
  String getEventTypes();

  void setEventTypes(String value);

  @Description(
      "With --hours=auto: how many of the newest complete hours are looked at (catch-up window).")
  @Default.Integer(48)
  int getLookbackHours();

  void setLookbackHours(int value);

  @Description(
      "With --hours=auto: an hour whose file is still not published this many hours after it"
          + " ended is recorded as missing and no longer tried (GH Archive lacks some hours for"
          + " good).")
  @Default.Integer(24)
  int getMissingAfterHours();

  void setMissingAfterHours(int value);

  @Description("How many times a failed download (5xx, 429, time-out, cut body) is retried.")
  @Default.Integer(5)
  int getFetchRetries();

  void setFetchRetries(int value);

  @Description(
      "Seconds to wait for a connection, and the longest a download may stall, before retrying.")
  @Default.Integer(60)
  int getFetchTimeoutSeconds();

  void setFetchTimeoutSeconds(int value);
}
