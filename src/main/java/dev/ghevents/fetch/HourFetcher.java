package dev.ghevents.fetch;

import dev.ghevents.fetch.FetchResult.Outcome;
import dev.ghevents.hours.GhHour;
import dev.ghevents.lake.LakeLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one hour's file, unchanged, from the source into the lake, unless the lake already has it.
 * Sources: {@code http(s)://} (streamed, with retries, see {@link HttpDownloader}), or anything
 * Beam's FileSystems reads (a local folder, {@code gs://}). The copy is written under a temporary
 * name and renamed when complete, so the lake never holds half a file under an hour's name.
 */
public final class HourFetcher implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(HourFetcher.class);

  private final String source;
  private final LakeLayout lake;
  private final HttpDownloader http;

  public HourFetcher(String source, LakeLayout lake, HttpDownloader http) {
    this.source = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    this.lake = lake;
    this.http = http;
  }

  /** The URI the hour's file is fetched from. */
  public String sourceUri(GhHour hour) {
    return source + "/" + hour.fileName();
  }

  public static boolean isHttp(String uri) {
    return uri.startsWith("https://") || uri.startsWith("http://");
  }

  /**
   * Whether the hour's file can be fetched now: in the lake already, or at the source (a HEAD
   * request over HTTP, a match elsewhere). A source that cannot be asked counts as published, so
   * the fetch itself decides.
   *
   * @param timeoutMillis connect and read time-out of the HEAD request
   */
  public boolean isPublished(GhHour hour, int timeoutMillis) {
    String from = sourceUri(hour);
    try {
      if (sizeIfExists(lake.rawFile(hour)) != null) {
        return true;
      }
      if (!isHttp(from)) {
        return sizeIfExists(from) != null;
      }
      HttpURLConnection head = (HttpURLConnection) URI.create(from).toURL().openConnection();
      head.setRequestMethod("HEAD");
      head.setConnectTimeout(timeoutMillis);
      head.setReadTimeout(timeoutMillis);
      try {
        return head.getResponseCode() != HttpURLConnection.HTTP_NOT_FOUND;
      } finally {
        head.disconnect();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not ask {} whether it is published ({}); assuming it is", hour, from, e);
      return true;
    }
  }

  /**
   * The size of the hour's file when it is known without a download: its lake copy, or the source's
   * file when the source is a local folder; null otherwise (over HTTP or from an object store,
   * where asking would cost a request per hour).
   */
  public Long knownSize(GhHour hour) {
    Long inLake = localSize(lake.rawFile(hour));
    return inLake != null ? inLake : localSize(sourceUri(hour));
  }

  private static Long localSize(String spec) {
    if (spec.contains("://") && !spec.startsWith("file:")) {
      return null;
    }
    try {
      Path file = spec.startsWith("file:") ? Path.of(URI.create(spec)) : Path.of(spec);
      return Files.isRegularFile(file) ? Files.size(file) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Fetches one hour. Never throws for a bad hour: the outcome says what happened. */
  public FetchResult fetch(GhHour hour) {
    String from = sourceUri(hour);
    String to = lake.rawFile(hour);
    try {
      Long existing = sizeIfExists(to);
      if (existing != null) {
        LOG.info("{}: already in the lake ({}), not fetched again", hour, to);
        return new FetchResult(hour.name(), from, to, Outcome.ALREADY_IN_LAKE, existing, null);
      }
      long started = System.nanoTime();
      FetchResult result =
          isHttp(from)
              ? http.download(hour.name(), from, to, this)
              : copyFile(hour.name(), from, to);
      if (result.outcome() == Outcome.FETCHED) {
        LOG.info(
            "{}: fetched {} ({}) in {} s",
            hour,
            from,
            humanBytes(result.bytes()),
            String.format("%.1f", (System.nanoTime() - started) / 1e9));
      } else {
        LOG.warn("{}: {}", hour, result.message());
      }
      return result;
    } catch (IOException | RuntimeException e) {
      String message = "could not fetch " + from + " into " + to + ": " + e;
      LOG.warn("{}: {}", hour, message);
      return new FetchResult(hour.name(), from, null, Outcome.FAILED, 0, message);
    }
  }

  private FetchResult copyFile(String hour, String from, String to) throws IOException {
    Long size = sizeIfExists(from);
    if (size == null) {
      return new FetchResult(
          hour, from, null, Outcome.NOT_FOUND, 0, "no file at " + from + ": pending");
    }
    ResourceId resource = FileSystems.matchSingleFileSpec(from).resourceId();
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
      long bytes = writeAtomically(to, in, size);
      return new FetchResult(hour, from, to, Outcome.FETCHED, bytes, null);
    } catch (FileNotFoundException e) {
      return new FetchResult(
          hour, from, null, Outcome.NOT_FOUND, 0, "no file at " + from + ": pending");
    }
  }

  /**
   * Streams {@code in} into the lake file {@code to} under a temporary name, then renames it.
   *
   * @param expectedBytes the length the source announced, or -1; a shorter stream is an error, so a
   *     cut connection never leaves a truncated file in the lake
   * @return the number of bytes written
   */
  long writeAtomically(String to, InputStream in, long expectedBytes) throws IOException {
    ResourceId target = FileSystems.matchNewResource(to, false);
    ResourceId temp =
        FileSystems.matchNewResource(to + ".part-" + UUID.randomUUID().toString(), false);
    long bytes = 0;
    try {
      try (OutputStream out =
          Channels.newOutputStream(FileSystems.create(temp, MimeTypes.BINARY))) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          bytes += n;
        }
      }
      if (expectedBytes >= 0 && bytes != expectedBytes) {
        throw new IOException(
            "the body ended after " + bytes + " of " + expectedBytes + " announced bytes");
      }
      FileSystems.rename(List.of(temp), List.of(target), StandardMoveOptions.IGNORE_MISSING_FILES);
      return bytes;
    } catch (IOException | RuntimeException e) {
      FileSystems.delete(List.of(temp), StandardMoveOptions.IGNORE_MISSING_FILES);
      throw e;
    }
  }

  /** The size of the file at {@code spec}, or null if there is none. */
  static Long sizeIfExists(String spec) throws IOException {
    MatchResult match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    if (match.status() == MatchResult.Status.NOT_FOUND || match.metadata().isEmpty()) {
      return null;
    }
    return match.metadata().get(0).sizeBytes();
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KB", bytes / 1024.0);
    }
    return String.format("%.1f MB", bytes / (1024.0 * 1024));
  }
}
