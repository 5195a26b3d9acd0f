package dev.ghevents.testing;

import dev.ghevents.lake.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** Part files as a run writes them under {@code LAKE/tmp/}, dated as a test needs. */
public final class PartFiles {
  /** A time old enough for a local run to take a load's parts for a killed run's. */
  public static final FileTime TWO_DAYS_AGO =
      FileTime.from(Instant.now().minus(Duration.ofDays(2)));

  private PartFiles() {}

  /**
   * Writes {@code bytes} bytes as part {@code part-0} of {@code partition} of load {@code loadId},
   * and dates it and its folders up to {@code LAKE/tmp/} at {@code time}; returns the file.
   */
  public static Path write(Path lake, String loadId, String partition, int bytes, FileTime time)
      throws IOException {
    Path file = Path.of(new LakeLayout(lake.toString()).partFile(loadId, partition, "part-0"));
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[bytes]);
    for (Path p = file; !p.equals(lake.resolve("tmp")); p = p.getParent()) {
      Files.setLastModifiedTime(p, time);
    }
    return file;
  }
}
