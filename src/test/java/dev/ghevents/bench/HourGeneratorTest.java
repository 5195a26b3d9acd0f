package dev.ghevents.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghevents.hours.GhHour;
import dev.ghevents.testing.Samples;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<Path> samples() {
    return List.of(Samples.file(Samples.WHOLE_HOUR), Samples.file("2021-07-21-6"));
  }

  private static List<String> lines(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  @Test
  void resamplesRealEventsWithFreshIdsInsideTheHourAndThe2024Mix() throws Exception {
    Path out = dir.resolve("2024-01-01-15.json.gz");
    long bytes = HourGenerator.generate(samples(), GhHour.parse("2024-01-01-15"), 5000, 7, out);
    List<String> lines = lines(out);
    assertEquals(5000, lines.size());
    assertEquals(
        bytes, lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum());
    Set<String> ids = new HashSet<>();
    Map<String, Integer> types = new HashMap<>();
    Instant start = Instant.parse("2024-01-01T15:00:00Z");
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      ids.add(e.get("id").asText());
      types.merge(e.get("type").asText(), 1, Integer::sum);
      Instant t = Instant.parse(e.get("created_at").asText());
      assertTrue(!t.isBefore(start) && t.isBefore(start.plusSeconds(3600)), t.toString());
      assertTrue(e.get("payload").isObject());
    }
    assertEquals(5000, ids.size(), "every id is new and unique");
    // Pushes dominate (47%), then creates (12%); reviews come from the 2021 sample.
    assertTrue(types.get("PushEvent") > 2100 && types.get("PushEvent") < 2600, types.toString());
    assertTrue(types.get("CreateEvent") > types.get("WatchEvent"), types.toString());
    assertTrue(types.get("PullRequestReviewEvent") > 50, types.toString());
  }

  @Test
  void theSameSeedGivesTheSameFile() throws Exception {
    Path a = dir.resolve("a/2024-01-01-15.json.gz");
    Path b = dir.resolve("b/2024-01-01-15.json.gz");
    HourGenerator.generate(samples(), GhHour.parse("2024-01-01-15"), 500, 42, a);
    HourGenerator.generate(samples(), GhHour.parse("2024-01-01-15"), 500, 42, b);
    assertArrayEquals(lines(a).toArray(), lines(b).toArray());
  }
}
