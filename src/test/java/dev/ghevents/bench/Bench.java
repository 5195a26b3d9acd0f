package dev.ghevents.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.ghevents.GhEventsPipeline;
import dev.ghevents.hours.GhHour;
import dev.ghevents.model.SourceLine;
import dev.ghevents.parse.EventLineParser;
import dev.ghevents.read.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The variants {@code make bench} measures, one per process so each has its own peak RSS. Each
 * prints one line {@code RESULT <variant> <events> <json bytes> <seconds>}.
 *
 * <ul>
 *   <li>{@code lines}: the floor: decompress and count lines;
 *   <li>{@code jackson}: the floor: parse every line's bytes with Jackson's streaming parser, timed
 *       without the decompression;
 *   <li>{@code duckdb}: the peer: DuckDB's {@code read_ndjson} of the .gz into a table, then a
 *       count per type (same JDBC driver, in process, a fresh database file);
 *   <li>{@code parse}: ours, the parse-and-route work alone (envelope parser on the line's bytes +
 *       routing), one thread, timed without the decompression and line splitting;
 *   <li>{@code pipeline}: ours, the whole local pipeline: fetch from a local folder, lake files,
 *       DuckDB landing and the merge into staging, as {@code make run} runs it.
 * </ul>
 *
 * {@code generate} builds the scaled hour (see {@link HourGenerator}).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: Bench generate OUT EVENTS SEED SAMPLE... | Bench VARIANT FILE.json.gz"
              + " | Bench hours FOLDER FIRST_HOUR COUNT");
      System.exit(2);
    }
    String variant = args[0];
    if (variant.equals("generate")) {
      Path out = Path.of(args[1]);
      List<Path> samples = Arrays.stream(args, 4, args.length).map(Path::of).toList();
      long bytes =
          HourGenerator.generate(
              samples,
              GhHour.parse(out.getFileName().toString().replace(".json.gz", "")),
              Integer.parseInt(args[2]),
              Long.parseLong(args[3]),
              out);
      System.out.printf(
          "generated %s: %s events, %.1f MB of JSON, %.1f MB gzipped%n",
          out, args[2], bytes / 1e6, Files.size(out) / 1e6);
      return;
    }
    Path file = Path.of(args[1]);
    long started = System.nanoTime();
    long[] counted =
        switch (variant) {
          case "lines" -> countLines(file);
          case "jackson" -> jackson(file);
          case "duckdb" -> duckdb(file);
          case "parse" -> parseAndRoute(file);
          case "pipeline" -> pipeline(file);
          case "hours" -> hours(file, args[2], Integer.parseInt(args[3]));
          default -> throw new IllegalArgumentException("no variant " + variant);
        };
    // A variant that times only its own work gives that time as a third element, in nanoseconds:
    // jackson and parse leave out the decompression; duckdb and the pipeline leave out the count
    // of the file's lines and bytes that the report needs (1.6 s on a 2024 hour, the floor).
    double seconds = (counted.length > 2 ? counted[2] : System.nanoTime() - started) / 1e9;
    System.out.printf("RESULT %s %d %d %.3f%n", variant, counted[0], counted[1], seconds);
    // A runner can leave non-daemon threads behind; the measurement is done.
    System.exit(0);
  }

  private static InputStream open(Path file) throws IOException {
    return new GZIPInputStream(
        new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
  }

  /** {events, json bytes}: lines and bytes including newlines. */
  static long[] countLines(Path file) throws IOException {
    long lines = 0;
    long bytes = 0;
    byte[] buf = new byte[1 << 20];
    try (InputStream in = open(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return new long[] {lines, bytes};
  }

  /** What a variant does with each line. */
  private interface LineWork {
    void accept(LineReader.Line line) throws IOException;
  }

  /**
   * Reads every line of the file as the pipeline does and times the work on the lines alone, not
   * the decompression and line splitting (that is the floor {@code lines}): {events, json bytes,
   * work nanoseconds}. One thread, so MB/s is per core.
   */
  private static long[] eachLine(Path file, LineWork work) throws IOException {
    long lines = 0;
    long bytes = 0;
    long nanos = 0;
    try (InputStream in = open(file)) {
      LineReader reader = new LineReader(in, 64 << 20);
      LineReader.Line line;
      while ((line = reader.next()) != null) {
        lines++;
        bytes += line.byteLength() + 1;
        long start = System.nanoTime();
        work.accept(line);
        nanos += System.nanoTime() - start;
      }
    }
    return new long[] {lines, bytes, nanos};
  }

  static long[] jackson(Path file) throws IOException {
    JsonFactory factory = EventLineParser.jsonFactory();
    long[] tokens = {0};
    long[] counted =
        eachLine(
            file,
            line -> {
              try (JsonParser p = factory.createParser(line.bytes())) {
                while (p.nextToken() != null) {
                  tokens[0]++;
                }
              }
            });
    if (tokens[0] == 0) {
      throw new IllegalStateException("no tokens");
    }
    return counted;
  }

  static long[] duckdb(Path file) throws Exception {
    Path db = Files.createTempDirectory("bench-duckdb").resolve("peer.duckdb");
    long events = 0;
    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE events AS SELECT * FROM read_ndjson('"
              + file.toAbsolutePath()
              + "', maximum_object_size = 67108864)");
      try (ResultSet r = s.executeQuery("SELECT type, count(*) FROM events GROUP BY type")) {
        while (r.next()) {
          events += r.getLong(2);
        }
      }
    }
    long took = System.nanoTime() - started;
    return new long[] {events, countLines(file)[1], took};
  }

  static long[] parseAndRoute(Path file) throws IOException {
    Map<String, Long> perTable = new HashMap<>();
    long[] dead = {0};
    long[] counted =
        eachLine(
            file,
            line -> {
              EventLineParser.Result result =
                  EventLineParser.parse(
                      new SourceLine(0L, "bench", line.number(), line.bytes(), line.byteLength()));
              if (result.ok()) {
                perTable.merge(result.row().table(), 1L, Long::sum);
              } else {
                dead[0]++;
              }
            });
    if (dead[0] > 0) {
      throw new IllegalStateException(dead[0] + " lines did not parse");
    }
    return counted;
  }

  static long[] pipeline(Path file) throws Exception {
    String hour = file.getFileName().toString().replace(".json.gz", "");
    long started = System.nanoTime();
    runPipeline(file.toAbsolutePath().getParent(), hour);
    long took = System.nanoTime() - started;
    long[] counted = countLines(file);
    return new long[] {counted[0], counted[1], took};
  }

  /** The pipeline over {@code count} hours from {@code first} in {@code folder}, one run. */
  static long[] hours(Path folder, String first, int count) throws Exception {
    GhHour start = GhHour.parse(first);
    GhHour last = start.plusHours(count - 1);
    long started = System.nanoTime();
    runPipeline(folder.toAbsolutePath(), start + ".." + last);
    long[] total = {0, 0, System.nanoTime() - started};
    for (GhHour h = start; h.compareTo(last) <= 0; h = h.plusHours(1)) {
      long[] counted = countLines(folder.resolve(h.fileName()));
      total[0] += counted[0];
      total[1] += counted[1];
    }
    return total;
  }

  private static void runPipeline(Path source, String hours) throws Exception {
    Path work = Files.createTempDirectory("bench-pipeline");
    String[] args = {
      "--source=" + source,
      "--hours=" + hours,
      "--lake=" + work.resolve("lake"),
      "--duckdbPath=" + work.resolve("w.duckdb"),
      "--enforceImmutability=false",
      "--enforceEncodability=false",
    };
    int code = GhEventsPipeline.runMain(args);
    if (code != 0) {
      throw new IllegalStateException("the pipeline exited with " + code);
    }
  }
}
