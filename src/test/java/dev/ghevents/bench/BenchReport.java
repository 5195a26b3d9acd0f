package dev.ghevents.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw runs of {@code make bench} (one line per run: file, variant, rep, events, bytes,
 * seconds, peak RSS in KB) into one table of medians with ratios to the floor and to DuckDB,
 * printed and written as Markdown.
 */
public final class BenchReport {
  private BenchReport() {}

  record Run(String file, String variant, long events, long bytes, double seconds, long rssKb) {}

  public static void main(String[] args) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.split("\t");
      if (f.length == 7) {
        runs.add(
            new Run(
                f[0],
                f[1],
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Double.parseDouble(f[5]),
                Long.parseLong(f[6])));
      }
    }
    Map<String, Map<String, List<Run>>> byFile = new LinkedHashMap<>();
    for (Run r : runs) {
      byFile
          .computeIfAbsent(r.file(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.variant(), k -> new ArrayList<>())
          .add(r);
    }
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n")
        .append("Measured ")
        .append(LocalDate.now(ZoneOffset.UTC))
        .append(" on ")
        .append(machine())
        .append(" by `make bench`; each figure is the median of ")
        .append(runs.isEmpty() ? 0 : runs.size() / Math.max(1, countVariants(byFile)))
        .append(" runs, each variant in its own JVM, variants in alternation.\n\n")
        .append(
            "Variants: `lines` = decompress and count lines (floor); `jackson` = stream-parse"
                + " every line's bytes with Jackson, timed without the decompression (floor);"
                + " `duckdb` = DuckDB `read_ndjson`"
                + " of the .gz into a table plus a count per type (peer); `parse` = our"
                + " parse-and-route work on the lines' bytes, one thread, timed without the"
                + " decompression (that is `lines`); `pipeline` = the whole local pipeline (fetch"
                + " from a folder, lake files, DuckDB landing and merge), as `make run` runs it;"
                + " `hours` = the same over a range of generated hours, one run committing an hour"
                + " at a time.\n\n");
    for (Map.Entry<String, Map<String, List<Run>>> file : byFile.entrySet()) {
      Map<String, List<Run>> variants = file.getValue();
      double floor = median(variants.getOrDefault("jackson", List.of()));
      double duck = median(variants.getOrDefault("duckdb", List.of()));
      Run any = variants.values().iterator().next().get(0);
      md.append(
              String.format(
                  Locale.ROOT,
                  "## %s: %,d events, %.0f MB of JSON%n%n",
                  file.getKey(),
                  any.events(),
                  any.bytes() / 1e6))
          .append(
              "| variant | wall s | events/s | MB/s of JSON | peak RSS MB | × jackson floor | × DuckDB |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (Map.Entry<String, List<Run>> v : variants.entrySet()) {
        double s = median(v.getValue());
        long rss = medianRss(v.getValue());
        md.append(
            String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %,.0f | %.0f | %,d | %.2f | %.2f |%n",
                    v.getKey(),
                    s,
                    any.events() / s,
                    any.bytes() / 1e6 / s,
                    rss / 1024,
                    floor > 0 ? s / floor : Double.NaN,
                    duck > 0 ? s / duck : Double.NaN)
                .replace("NaN", "–"));
      }
      md.append('\n');
    }
    System.out.print(md);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), md.toString());
    }
  }

  private static int countVariants(Map<String, Map<String, List<Run>>> byFile) {
    return byFile.values().stream().mapToInt(Map::size).sum();
  }

  private static double median(List<Run> runs) {
    if (runs.isEmpty()) {
      return 0;
    }
    double[] s = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static long medianRss(List<Run> runs) {
    long[] r = runs.stream().mapToLong(Run::rssKb).sorted().toArray();
    return r[r.length / 2];
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException e) {
      // Not Linux: the CPU stays unknown.
    }
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.0f GB of memory, Java %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        totalMemoryGb(),
        System.getProperty("java.version"));
  }

  private static double totalMemoryGb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        }
      }
    } catch (IOException e) {
      // Not Linux.
    }
    return 0;
  }
}
