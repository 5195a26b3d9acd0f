package dev.ghevents.fetch;

import dev.ghevents.fetch.FetchResult.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.HttpURLConnection;
import java.net.URI;
import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.BackOffUtils;
import org.apache.beam.sdk.util.FluentBackoff;
import org.apache.beam.sdk.util.Sleeper;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an hour file over HTTP(S), streaming it into the lake (never held whole in memory).
 *
 * <p>404 means "not published (yet)": no error. 5xx, 429, time-outs and connections cut mid-body
 * are retried with exponential backoff; any other status fails the hour at once. HttpURLConnection
 * is used rather than java.net.http.HttpClient because it has a read (idle) time-out, so a server
 * that stalls mid-body is detected and retried instead of hanging the run.
 */
public final class HttpDownloader implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(HttpDownloader.class);

  private final int maxRetries;
  private final int timeoutMillis;
  private final long initialBackoffMillis;

  /**
   * @param maxRetries retries after the first attempt
   * @param timeoutMillis connect time-out, and the longest the body may stall
   * @param initialBackoffMillis the first wait between attempts; it doubles, with jitter
   */
  public HttpDownloader(int maxRetries, int timeoutMillis, long initialBackoffMillis) {
    this.maxRetries = maxRetries;
    this.timeoutMillis = timeoutMillis;
    this.initialBackoffMillis = initialBackoffMillis;
  }

  /** Thrown for a failure worth another attempt. */
  private static final class Retryable extends IOException {
    private static final long serialVersionUID = 1L;

    Retryable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  FetchResult download(String hour, String url, String lakePath, HourFetcher fetcher)
      throws IOException {
    BackOff backoff =
        FluentBackoff.DEFAULT
            .withMaxRetries(maxRetries)
            .withInitialBackoff(Duration.millis(initialBackoffMillis))
            .backoff();
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        return attempt(hour, url, lakePath, fetcher);
      } catch (Retryable e) {
        boolean again;
        try {
          again = BackOffUtils.next(Sleeper.DEFAULT, backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting to retry " + url, ie);
        }
        if (!again) {
          return new FetchResult(
              hour,
              url,
              null,
              Outcome.FAILED,
              0,
              "gave up on " + url + " after " + attempt + " attempts: " + e.getMessage());
        }
        LOG.warn("{}: attempt {} failed ({}); retrying", hour, attempt, e.getMessage());
      }
    }
  }

  private FetchResult attempt(String hour, String url, String lakePath, HourFetcher fetcher)
      throws IOException {
    HttpURLConnection conn;
    int status;
    try {
      conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
      conn.setConnectTimeout(timeoutMillis);
      conn.setReadTimeout(timeoutMillis);
      conn.setRequestProperty("User-Agent", "ghevents (+https://github.com/ghevents)");
      status = conn.getResponseCode();
    } catch (IOException e) {
      throw new Retryable("no response: " + e, e);
    }
    try {
      if (status == HttpURLConnection.HTTP_NOT_FOUND) {
        return new FetchResult(
            hour, url, null, Outcome.NOT_FOUND, 0, "404 from " + url + ": not published yet");
      }
      if (status >= 500 || status == 429) {
        throw new Retryable("HTTP " + status, null);
      }
      if (status != HttpURLConnection.HTTP_OK) {
        return new FetchResult(
            hour,
            url,
            null,
            Outcome.FAILED,
            0,
            "HTTP " + status + " from " + url + ": not retried");
      }
      try (InputStream body = conn.getInputStream()) {
        long bytes = fetcher.writeAtomically(lakePath, body, conn.getContentLengthLong());
        return new FetchResult(hour, url, lakePath, Outcome.FETCHED, bytes, null);
      } catch (IOException e) {
        throw new Retryable("body cut: " + e.getMessage(), e);
      }
    } finally {
      conn.disconnect();
    }
  }
}
