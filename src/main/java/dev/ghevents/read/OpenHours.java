package dev.ghevents.read;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hour files whose read was checkpointed, kept open in this JVM by path and position, so the read's
 * next bundle continues the decompression instead of starting it again. A runner that resumes the
 * read elsewhere finds nothing here and reopens the file.
 */
final class OpenHours {
  private static final Map<String, HourCursor> OPEN = new ConcurrentHashMap<>();

  private OpenHours() {}

  static void put(String path, long position, HourCursor cursor) {
    HourCursor previous = OPEN.put(key(path, position), cursor);
    if (previous != null && previous != cursor) {
      previous.close();
    }
  }

  /** The cursor left at {@code position} of {@code path}, removed from here; or null. */
  static HourCursor take(String path, long position) {
    return OPEN.remove(key(path, position));
  }

  private static String key(String path, long position) {
    return position + "@" + path;
  }
}
