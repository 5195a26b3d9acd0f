package dev.ghevents.warehouse.duckdb;

import dev.ghevents.text.Messages;
import dev.ghevents.warehouse.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/** DuckDB helpers: connecting, DDL from the shared column lists, time conversions. */
final class DuckDb {
  static final ZoneOffset UTC = ZoneOffset.UTC;

  private DuckDb() {}

  /** Thrown when another process holds the warehouse file. */
  static final class InUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InUseException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Loads DuckDB's native library on a daemon thread of its own. The driver unpacks it from the jar
   * (70 MB) when first used, about 0.6 s; begun at the start of a run, that overlaps Beam's
   * validation of the options (about 2 s on one core) instead of delaying the first connection. A
   * failure here is left to that connection to report.
   */
  static void preloadInBackground() {
    Thread loader =
        new Thread(
            () -> {
              try {
                Class.forName("org.duckdb.DuckDBNative", true, DuckDb.class.getClassLoader());
              } catch (ClassNotFoundException | LinkageError e) {
                // The first connection loads it again and says what is wrong.
              }
            },
            "duckdb-native-preload");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * The in-memory database attached to every open warehouse, shared by all its connections: where
   * landing rows wait for their commit ({@link DuckDbMemoryLanding}).
   */
  static final String MEMORY = "ghevents_memory";

  /**
   * DuckDB's threads: half the machine's cores, at least one. DuckDB takes every core by default,
   * but its appends run beside the pipeline's own threads (the lake's compression, the runner, the
   * JVM's compiler and collector), and on the 2-core machine this project measures on one thread
   * did the commit's merges of a 2024 hour in 1.1-1.2 s against 1.9 s with two, and the appends in
   * 1.7 s against 1.9-2.2 s (README, "Performance").
   */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** One open database per file in this JVM; every connection is a duplicate of it. */
  private static final Map<String, DuckDBConnection> OPEN = new HashMap<>();

  /**
   * Opens a connection. Every connection to one file in this JVM shares one database instance, so
   * the pipeline's writers, the commit and the summary see one database, and the file stays locked
   * against other processes until {@link #release} (opening the file from several threads at once
   * makes DuckDB refuse all but one).
   */
  static synchronized Connection connect(String path, String memoryLimit) {
    try {
      DuckDBConnection open = OPEN.get(path);
      if (open == null || open.isClosed()) {
        open = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path);
        try (java.sql.Statement s = open.createStatement()) {
          // DuckDB takes 80% of the machine by default and spills to disk past its limit; the
          // pipeline's JVM needs the rest. Insertion order is never relied on.
          s.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
          s.execute("SET preserve_insertion_order = false");
          s.execute("SET threads = " + THREADS);
          s.execute("ATTACH IF NOT EXISTS ':memory:' AS " + quote(MEMORY));
        }
        OPEN.put(path, open);
      }
      return open.duplicate();
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("lock")) {
        String owner = owner(path);
        throw new InUseException(
            "the DuckDB warehouse "
                + path
                + " is in use by "
                + (owner == null ? "another process" : owner)
                + "; this run changed nothing: start it again when that one has finished ("
                + Messages.firstLine(message)
                + ")",
            e);
      }
      throw new IllegalStateException("cannot open the DuckDB warehouse " + path + ": " + e, e);
    }
  }

  /**
   * Notes which run holds the file, beside it ({@code FILE.owner}), so that a run that finds the
   * file locked can say which run it yields to. Written only while this process holds the lock.
   */
  static void recordOwner(String path, String loadId) {
    try {
      Files.writeString(
          ownerFile(path),
          "run "
              + loadId
              + " (pid "
              + ProcessHandle.current().pid()
              + ", since "
              + Instant.now()
              + ")");
    } catch (IOException e) {
      // Only a message depends on it.
    }
  }

  static void forgetOwner(String path, String loadId) {
    try {
      Path file = ownerFile(path);
      if (Files.exists(file) && Files.readString(file).startsWith("run " + loadId + " ")) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // Only a message depends on it.
    }
  }

  private static String owner(String path) {
    try {
      Path file = ownerFile(path);
      return Files.exists(file) ? Files.readString(file).trim() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Path ownerFile(String path) {
    return Path.of(path + ".owner");
  }

  /** Closes the database of {@code path} in this JVM, releasing the file. */
  static synchronized void release(String path) {
    DuckDBConnection open = OPEN.remove(path);
    if (open != null) {
      try {
        open.close();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot close the DuckDB warehouse " + path + ": " + e, e);
      }
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  static String type(Column.Type type) {
    return switch (type) {
      case STRING -> "VARCHAR";
      case INT64 -> "BIGINT";
      case BOOL -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMP";
      case JSON -> "JSON";
    };
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for a table of the data contract. */
  static String createTable(String schema, String table, List<Column> columns) {
    return createTable(qualified(schema, table), columns);
  }

  /** {@code CREATE TABLE IF NOT EXISTS} under a name already quoted and qualified. */
  static String createTable(String qualifiedName, List<Column> columns) {
    return "CREATE TABLE IF NOT EXISTS "
        + qualifiedName
        + " ("
        + columns.stream()
            .map(
                c ->
                    quote(c.name())
                        + " "
                        + type(c.type())
                        + compression(c.type())
                        + (c.required() ? " NOT NULL" : ""))
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * JSON columns (the payloads, most of every event's bytes) are stored with zstd rather than the
   * dictionary and FSST compression DuckDB picks for strings: on a 2024 hour's staging, 46 MB of
   * file against 99 MB, a commit 0.3-0.5 s shorter, and JSON queries over the payload as fast
   * (measured 2026-12-05, docs/ARCHITECTURE.md "Facts for speed and cost"). Short strings keep
   * DuckDB's own choice, which reads faster. In-memory tables ignore it.
   */
  private static String compression(Column.Type type) {
    return type == Column.Type.JSON ? " USING COMPRESSION zstd" : "";
  }

  static String columnList(List<Column> columns) {
    return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
  }

  /** DuckDB's TIMESTAMP is zone-less; the warehouse stores UTC in it. */
  static LocalDateTime utc(long epochMicros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L),
        (int) Math.floorMod(epochMicros, 1_000_000L) * 1000,
        ZoneOffset.UTC);
  }
}
