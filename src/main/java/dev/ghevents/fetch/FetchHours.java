package dev.ghevents.fetch;

import dev.ghevents.hours.GhHour;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The run's first stage: fetches each planned hour's file into the lake, the hours spread over the
 * workers; one {@link FetchResult} per hour, whatever happened.
 */
public final class FetchHours extends PTransform<PBegin, PCollection<FetchResult>> {
  private static final long serialVersionUID = 1L;

  private final List<String> hours;
  private final HourFetcher fetcher;

  public FetchHours(List<GhHour> hours, HourFetcher fetcher) {
    this.hours = hours.stream().map(GhHour::name).toList();
    this.fetcher = fetcher;
  }

  @Override
  public PCollection<FetchResult> expand(PBegin begin) {
    return begin
        .apply("Hours", Create.of(hours).withCoder(StringUtf8Coder.of()))
        .apply("Spread hours", Reshuffle.viaRandomKey())
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
