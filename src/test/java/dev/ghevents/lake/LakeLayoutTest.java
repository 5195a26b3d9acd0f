package dev.ghevents.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A killed run's part files are deleted once untouched for the given age, and only then. */
class LakeLayoutTest {
  private static final FileTime TWO_DAYS_AGO =
      FileTime.from(Instant.now().minus(Duration.ofDays(2)));

  /** Writes {@code bytes} bytes as a part of {@code load}, dated {@code time}, folders included. */
  private static Path part(Path lake, String load, String partition, int bytes, FileTime time)
      throws IOException {
    LakeLayout layout = new LakeLayout(lake.toString());
    Path file = Path.of(layout.partFile(load, partition, "part-0"));
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[bytes]);
    for (Path p = file; !p.equals(lake.resolve("tmp")); p = p.getParent()) {
      Files.setLastModifiedTime(p, time);
    }
    return file;
  }

  @Test
  void removesOnlyTheLoadsInWhichNothingChangedForTheAge(@TempDir Path lake) throws IOException {
    part(lake, "dead", "push_events/date=2024-03-01/hour=3", 1000, TWO_DAYS_AGO);
    part(lake, "dead", "watch_events/date=2024-03-01/hour=3", 500, TWO_DAYS_AGO);
    part(lake, "other_dead", "push_events/date=2024-03-02/hour=0", 24, TWO_DAYS_AGO);
    // A load still running: an old partition, and one written a moment ago.
    part(lake, "running", "push_events/date=2024-03-01/hour=0", 7, TWO_DAYS_AGO);
    Path fresh =
        part(
            lake, "running", "push_events/date=2024-03-01/hour=1", 9, FileTime.from(Instant.now()));
    Path events = lake.resolve("events/push_events/date=2024-03-01/hour=3/x.json.gz");
    Files.createDirectories(events.getParent());
    Files.write(events, new byte[3]);
    Files.setLastModifiedTime(events, TWO_DAYS_AGO);

    LakeLayout.Removed removed =
        new LakeLayout(lake.toString()).removeStalePartFolders(Duration.ofDays(1));

    assertEquals(new LakeLayout.Removed(2, 1524), removed);
    try (Stream<Path> loads = Files.list(lake.resolve("tmp"))) {
      assertEquals(List.of("running"), loads.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(Files.exists(fresh));
    assertTrue(
        Files.exists(
            Path.of(
                new LakeLayout(lake.toString())
                    .partFile("running", "push_events/date=2024-03-01/hour=0", "part-0"))),
        "the running load's older part stays too");
    assertTrue(Files.exists(events), "event files are never touched");
  }

  @Test
  void aLakeWithoutPartFoldersOrOnAnObjectStoreIsLeftAlone(@TempDir Path lake) throws IOException {
    assertEquals(
        new LakeLayout.Removed(0, 0),
        new LakeLayout(lake.toString()).removeStalePartFolders(Duration.ofDays(1)));
    assertEquals(
        new LakeLayout.Removed(0, 0),
        new LakeLayout("gs://bucket/gharchive").removeStalePartFolders(Duration.ZERO));
  }
}
