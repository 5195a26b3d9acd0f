package dev.ghevents.lake;

import static dev.ghevents.testing.PartFiles.TWO_DAYS_AGO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghevents.testing.PartFiles;
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
  @Test
  void removesOnlyTheLoadsInWhichNothingChangedForTheAge(@TempDir Path lake) throws IOException {
    PartFiles.write(lake, "dead", "push_events/date=2024-03-01/hour=3", 1000, TWO_DAYS_AGO);
    PartFiles.write(lake, "dead", "watch_events/date=2024-03-01/hour=3", 500, TWO_DAYS_AGO);
    PartFiles.write(lake, "other_dead", "push_events/date=2024-03-02/hour=0", 24, TWO_DAYS_AGO);
    // A load still running: an old partition, and one written a moment ago.
    PartFiles.write(lake, "running", "push_events/date=2024-03-01/hour=0", 7, TWO_DAYS_AGO);
    Path fresh =
        PartFiles.write(
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
