package dev.ghevents.lake;

import dev.ghevents.hours.GhHour;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
   * that was killed stay here, apart from {@code events/}; deleting {@code LAKE/tmp/} is safe when
   * no run is going on.
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

  /** The partition of one table and hour, relative to {@link #eventsRoot()}. */
  public static String eventPartition(String table, GhHour hour) {
    return table + "/date=" + hour.date() + "/hour=" + hour.hourOfDay();
  }
}
