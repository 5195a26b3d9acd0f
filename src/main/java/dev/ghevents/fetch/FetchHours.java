package dev.ghevents.fetch;

import dev.ghevents.hours.GhHour;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Fetches each hour's file into the lake; one {@link FetchResult} per hour, whatever happened. */
public final class FetchHours extends PTransform<PCollection<String>, PCollection<FetchResult>> {
  private static final long serialVersionUID = 1L;

  private final HourFetcher fetcher;

  public FetchHours(HourFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public PCollection<FetchResult> expand(PCollection<String> hours) {
    return hours
        .apply("Fetch into the lake", ParDo.of(new FetchFn(fetcher)))
        .setCoder(SerializableCoder.of(FetchResult.class));
  }

  private static final class FetchFn extends DoFn<String, FetchResult> {
    private static final long serialVersionUID = 1L;
    private final HourFetcher fetcher;
    private final Counter fetched = Metrics.counter(FetchHours.class, "hours_fetched");
    private final Counter notFound = Metrics.counter(FetchHours.class, "hours_not_found");
    private final Counter failed = Metrics.counter(FetchHours.class, "hours_failed");

    FetchFn(HourFetcher fetcher) {
      this.fetcher = fetcher;
    }

    @ProcessElement
    public void process(@Element String hour, OutputReceiver<FetchResult> out) {
      FetchResult result = fetcher.fetch(GhHour.parse(hour));
      switch (result.outcome()) {
        case FETCHED, ALREADY_IN_LAKE -> fetched.inc();
        case NOT_FOUND -> notFound.inc();
        case FAILED -> failed.inc();
      }
      out.output(result);
    }
  }
}
