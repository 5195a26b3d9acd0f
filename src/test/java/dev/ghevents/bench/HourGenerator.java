package dev.ghevents.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.hours.GhHour;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a 2024-size GH Archive hour by resampling real events: each generated line is a real
 * sample event of a type drawn from the 2024 mix, with a fresh unique id and a created_at spread
 * over the hour; payloads, and so sizes, stay real. Deterministic for a seed. Gzipped as GH Archive
 * serves it.
 */
public final class HourGenerator {
  /**
   * Share of each type in a 2024 hour (per mille), from GH Archive's 2024 type counts rounded:
   * pushes dominate, then creates, pull requests, comments, stars, deletes, issues and reviews.
   */
  static final Map<String, Integer> MIX_2024 = new LinkedHashMap<>();

  static {
    MIX_2024.put("PushEvent", 470);
    MIX_2024.put("CreateEvent", 120);
    MIX_2024.put("PullRequestEvent", 90);
    MIX_2024.put("IssueCommentEvent", 65);
    MIX_2024.put("WatchEvent", 60);
    MIX_2024.put("DeleteEvent", 45);
    MIX_2024.put("IssuesEvent", 30);
    MIX_2024.put("PullRequestReviewEvent", 30);
    MIX_2024.put("ForkEvent", 20);
    MIX_2024.put("PullRequestReviewCommentEvent", 25);
    MIX_2024.put("ReleaseEvent", 10);
    MIX_2024.put("CommitCommentEvent", 5);
    MIX_2024.put("GollumEvent", 10);
    MIX_2024.put("MemberEvent", 10);
    MIX_2024.put("PublicEvent", 10);
  }

  private HourGenerator() {}

  /**
   * Writes {@code events} lines for {@code hour} into {@code out} (gzip).
   *
   * @param samples real hour files ({@code .json.gz}) to draw events from
   * @return bytes of JSON written (uncompressed)
   */
  public static long generate(List<Path> samples, GhHour hour, int events, long seed, Path out)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> byType = new LinkedHashMap<>();
    for (Path sample : samples) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(sample));
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String type = json.readTree(line).get("type").asText();
          byType.computeIfAbsent(type, t -> new ArrayList<>()).add(line);
        }
      }
    }
    List<String> types = new ArrayList<>();
    List<Integer> cumulative = new ArrayList<>();
    int total = 0;
    for (Map.Entry<String, Integer> e : MIX_2024.entrySet()) {
      if (byType.containsKey(e.getKey())) {
        total += e.getValue();
        types.add(e.getKey());
        cumulative.add(total);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    long start = hour.start().getEpochSecond();
    // Ids distinct across generated hours (for ranges under 10,000 hours and 1M events an hour),
    // as GH Archive's are, so a multi-hour benchmark loads every event as new.
    long firstId = 40_000_000_000L + (start / 3600 % 10_000) * 1_000_000L;
    long bytes = 0;
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out);
        Writer writer =
            new BufferedWriter(
                new OutputStreamWriter(new GZIPOutputStream(file, 1 << 16), StandardCharsets.UTF_8),
                1 << 16)) {
      for (int i = 0; i < events; i++) {
        int pick = random.nextInt(total);
        int t = 0;
        while (cumulative.get(t) <= pick) {
          t++;
        }
        List<String> pool = byType.get(types.get(t));
        ObjectNode event = (ObjectNode) json.readTree(pool.get(random.nextInt(pool.size())));
        event.put("id", Long.toString(firstId + i));
        event.put("created_at", Instant.ofEpochSecond(start + random.nextInt(3600)).toString());
        String line = json.writeValueAsString(event);
        writer.write(line);
        writer.write('\n');
        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
    return bytes;
  }
}
