package dev.ghevents.options;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the hours are fetched from, and how patiently.
 *
 * @param uri GH Archive's URL, a gs:// copy, or a local folder (absolute)
 * @param fetchRetries how many times a failed download is tried again
 * @param fetchTimeoutSeconds how long a download may stall before it is retried
 */
public record SourceConfig(String uri, int fetchRetries, int fetchTimeoutSeconds) {

  /**
   * @throws InvalidOptionException naming the bad flag
   */
  static SourceConfig from(SourceOptions options, boolean onDataflow) {
    String source = InvalidOptionException.required("source", options.getSource());
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
    if (options.getFetchRetries() < 0) {
      throw new InvalidOptionException("fetchRetries", "must be 0 or more");
    }
    if (options.getFetchTimeoutSeconds() < 1) {
      throw new InvalidOptionException("fetchTimeoutSeconds", "must be 1 or more");
    }
    return new SourceConfig(source, options.getFetchRetries(), options.getFetchTimeoutSeconds());
  }
}
