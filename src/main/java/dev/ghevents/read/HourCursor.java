package dev.ghevents.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;

/**
 * A position in one hour's lake copy, read forward item by item, each item at a 0-based position:
 * every line of the file, then, if the file is damaged, its incomplete last line, and last the end
 * of the file, whose position is the number of lines read. Decompresses by extension through Beam's
 * FileSystems and {@link Compression}, as TextIO does, but keeps the readable prefix of a damaged
 * gzip where TextIO would fail.
 */
final class HourCursor implements AutoCloseable {
  /** What sits at a position. */
  enum Kind {
    LINE,
    /** The part of a line the file ends inside; the file is damaged after it. */
    INCOMPLETE,
    END
  }

  /**
   * One item: a line (complete or not), or the end with how it went.
   *
   * @param damage at {@link Kind#END} of a damaged file, what went wrong; else null
   */
  record Item(long position, Kind kind, LineReader.Line line, String damage) {}

  private final InputStream in;
  private final LineReader reader;
  private long position;
  private Item end;
  private String damage;

  private HourCursor(InputStream in, int maxLineBytes) {
    this.in = in;
    this.reader = new LineReader(in, maxLineBytes);
  }

  /**
   * Opens {@code path} (a local path or any URI Beam's FileSystems reads), decompressed ahead of
   * the reads on a thread of its own ({@link ReadAheadInputStream}).
   */
  static HourCursor open(String path, int maxLineBytes) throws IOException {
    InputStream in =
        Channels.newInputStream(
            Compression.detect(path)
                .readDecompressed(FileSystems.open(FileSystems.matchNewResource(path, false))));
    return new HourCursor(new ReadAheadInputStream(in, path), maxLineBytes);
  }

  /** The next item; after the end, the end again. */
  Item next() {
    if (end != null) {
      return end;
    }
    if (damage == null) {
      try {
        LineReader.Line line = reader.next();
        if (line != null) {
          return new Item(position++, Kind.LINE, line, null);
        }
      } catch (IOException | RuntimeException e) {
        damage = String.valueOf(e.getMessage());
        LineReader.Line partial = reader.incompleteLine();
        if (partial != null) {
          return new Item(position++, Kind.INCOMPLETE, partial, null);
        }
      }
    }
    end = new Item(position, Kind.END, null, damage);
    return end;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // A read-only stream: nothing is lost if it does not close cleanly.
    }
  }
}
