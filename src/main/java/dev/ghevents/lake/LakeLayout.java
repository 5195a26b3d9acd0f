package dev.ghevents.lake;

import dev.ghevents.hours.GhHour;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where things live in the lake, one place for every path:
 *
 * <pre>
 * LAKE/raw/DATE/DATE-H.json.gz                                    the hour file, byte for byte as fetched
 * LAKE/events/TABLE/date=DATE/hour=H/TABLE-00000-of-00001.json.gz that hour's original lines of one type
 * LAKE/tmp/LOAD_ID/...                                            a run's part files before they are joined
 * </pre>
 *
 * Raw files are the archive: a replay reads them and never downloads again. Event files are
 * rewritten whole when their hour is loaded again, so the lake never holds a line twice.
 */
public final class LakeLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String root;

  public LakeLayout(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  /** The lake copy of an hour's file, named as GH Archive names it (Pacific time before 2015). */
  public String rawFile(GhHour hour) {
    return root + "/raw/" + hour.archiveDate() + "/" + hour.fileName();
  }

  /** The folder under which the per-type event files are written. */
  public String eventsRoot() {
    return root + "/events";
  }

  /** The one file of a partition ({@link #eventPartition}). */
  public String eventFile(String partition) {
    String table = partition.substring(0, partition.indexOf('/'));
    return eventsRoot() + "/" + partition + "/" + table + "-00000-of-00001.json.gz";
  }

  /**
   * A part file of {@code partition} written by one bundle of load {@code loadId}. Parts of a run
   * that was killed stay here, apart from {@code events/}, until {@link #removeStalePartFolders}
   * (locally) or the bucket's lifecycle rule (on GCS) deletes them.
   */
  public String partFile(String loadId, String partition, String name) {
    return root + "/tmp/" + loadId + "/" + partition + "/" + name + ".json.gz";
  }

  /**
   * Removes the folders a finished load's part files were written in, once they are empty (on a
   * local lake; object stores have no folders). Parts are deleted as they are joined, so only a
   * killed run leaves files here, and those are kept.
   */
  public void removeEmptyPartFolders(String loadId) {
    if (root.contains("://")) {
      return;
    }
    Path folder = Path.of(root, "tmp", loadId);
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(p)) {
          try (Stream<Path> entries = Files.list(p)) {
            if (entries.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        }
      }
    } catch (IOException e) {
      // Empty folders are only untidy: the run's data is committed already.
    }
  }

  /** What {@link #removeStalePartFolders} deleted. */
  public record Removed(int folders, long bytes) {}

  /**
   * Deletes the part folders of loads in which nothing has changed for {@code age} (on a local
   * lake): a killed run's parts are never joined, and a 2024 hour leaves about 100 MB of them. A
   * load still running touches its folder with every unit, so a folder is kept while any file or
   * folder in it is younger than {@code age}. Best effort: what cannot be deleted is left.
   */
  public Removed removeStalePartFolders(Duration age) {
    Path tmp = Path.of(root, "tmp");
    if (root.contains("://") || !Files.isDirectory(tmp)) {
      return new Removed(0, 0);
    }
    List<Path> loads;
    try (Stream<Path> children = Files.list(tmp)) {
      loads = children.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      return new Removed(0, 0);
    }
    FileTime cutoff = FileTime.from(Instant.now().minus(age));
    int folders = 0;
    long bytes = 0;
    for (Path load : loads) {
      List<Path> inside = walk(load);
      if (inside == null || !allOlderThan(inside, cutoff)) {
        continue;
      }
      try {
        for (Path p : inside.stream().sorted(Comparator.reverseOrder()).toList()) {
          long length = Files.isRegularFile(p) ? Files.size(p) : 0;
          Files.deleteIfExists(p);
          bytes += length;
        }
        folders++;
      } catch (IOException e) {
        // Only untidy: a part file is never read unless its own load joins it. The next run tries
        // again.
      }
    }
    return new Removed(folders, bytes);
  }

  /** Every path under {@code folder}, itself included; null if it cannot be read whole. */
  private static List<Path> walk(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.toList();
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static boolean allOlderThan(List<Path> paths, FileTime cutoff) {
    try {
      for (Path p : paths) {
        if (Files.getLastModifiedTime(p).compareTo(cutoff) >= 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // changed while we looked: a load still running
    }
  }

  /** The partition of one table and hour, relative to {@link #eventsRoot()}. */
  public static String eventPartition(String table, GhHour hour) {
    return table + "/date=" + hour.date() + "/hour=" + hour.hourOfDay();
  }
}
