package dev.ghevents.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.testing.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GH Archive's 2011-2014 lines (the timeline format, and the 2011 variant) on the envelope: every
 * real sample line becomes a row with its UTC time, actor, {@code owner/name}, the payload verbatim
 * and everything else in {@code other}; a line without an id gets one derived from its bytes.
 */
class TimelineLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of("2011-02-12-0", "2013-01-16-0", "2013-08-05-20", "2013-09-20-10", "2014-06-01-1");
  private static List<String> lines;

  @BeforeAll
  static void read() {
    lines = new ArrayList<>();
    FILES.forEach(f -> lines.addAll(Samples.lines(f)));
  }

  private static EventLineParser.Result parse(String line) {
    return EventLineParser.parse(new SourceLine(0, "raw/x.json.gz", 1, line, line.length()));
  }

  private static EventRow row(String line) {
    EventLineParser.Result r = parse(line);
    assertTrue(r.ok(), () -> r.error() + ": " + line);
    return r.row();
  }

  @Test
  void everyRealLineOfTheEraIsARowWithItsUtcTimeActorAndRepository() throws Exception {
    assertEquals(405, lines.size());
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      EventRow r = row(line);
      ids.add(r.id());
      assertEquals(e.get("type").asText(), r.type());
      long micros = Instant.parse(e.get("created_at").asText()).toEpochMilli() * 1000;
      assertEquals(micros, r.createdAtMicros(), line);
      assertEquals(JSON.readTree(line).get("payload"), JSON.readTree(r.payload()), "payload");
      if (e.has("repository")) {
        JsonNode repo = e.get("repository");
        assertEquals(e.get("actor").asText(), r.actorLogin());
        assertNull(r.actorId(), "the timeline has no actor id");
        assertEquals(repo.get("owner").asText() + "/" + repo.get("name").asText(), r.repoName());
        assertEquals(repo.get("id").asLong(), r.repoId());
        assertEquals(
            repo.has("organization") ? repo.get("organization").asText() : null, r.orgLogin());
        JsonNode other = JSON.readTree(r.other());
        assertEquals(e.get("url"), other.get("url"));
        assertEquals(e.get("actor_attributes"), other.get("actor_attributes"));
        assertEquals(repo, other.get("repository"));
        assertThat(r.id(), startsWith(EventLineParser.TIMELINE_ID_PREFIX));
      }
    }
    assertEquals(405, ids.size(), "every line its own id");
  }

  @Test
  void aLineInTheWinterIsOffsetByEightHoursAndKeepsItsOrganization() {
    EventRow push = row(Samples.lines("2013-01-16-0").get(0));
    assertEquals(
        Instant.parse("2013-01-16T08:00:59Z").toEpochMilli() * 1000, push.createdAtMicros());
    assertEquals("kennethlarsen", push.actorLogin());
    assertEquals("kennethlarsen/podroulette", push.repoName());
    assertEquals(7445635L, push.repoId());
    long withOrg =
        lines.stream().map(TimelineLinesTest::row).filter(r -> r.orgLogin() != null).count();
    assertEquals(92, withOrg, "repository.organization on 92 lines (the MANIFEST's count)");
  }

  @Test
  void the2011LineKeepsItsOwnIdAndItsActorObject() {
    EventRow r = row(Samples.lines("2011-02-12-0").get(0));
    assertEquals("1127195568", r.id());
    assertEquals("francoisregis", r.actorLogin());
    assertEquals(601242L, r.actorId());
    assertEquals("/", r.repoName(), "2011's empty repository name, as served");
    assertNull(r.repoId());
    assertEquals(Instant.parse("2011-02-12T00:00:10Z").toEpochMilli() * 1000, r.createdAtMicros());
  }

  @Test
  void aTimelineIdIsTheSameForTheSameLineAndNeverLooksLikeAGitHubId() throws Exception {
    String line = Samples.lines("2013-09-20-10").get(0);
    assertEquals(row(line).id(), row(line).id());
    assertEquals(EventLineParser.timelineId(line), row(line).id());
    assertEquals(35, row(line).id().length());
    ObjectNode changed = (ObjectNode) JSON.readTree(line);
    changed.put("public", false);
    assertNotEquals(row(line).id(), row(JSON.writeValueAsString(changed)).id());
    assertFalse(row(line).id().matches("\\d+"));
  }

  @Test
  void aTimelineLineWithoutTypeOrTimeIsADeadLetterWithTheReason() throws Exception {
    ObjectNode noTime = (ObjectNode) JSON.readTree(Samples.lines("2013-09-20-10").get(0));
    noTime.remove("created_at");
    assertEquals(
        "missing required field 'created_at'", parse(JSON.writeValueAsString(noTime)).error());
    ObjectNode noType = (ObjectNode) JSON.readTree(Samples.lines("2013-09-20-10").get(0));
    noType.remove("type");
    assertEquals("missing required field 'type'", parse(JSON.writeValueAsString(noType)).error());
    ObjectNode badRepository = (ObjectNode) JSON.readTree(Samples.lines("2013-09-20-10").get(0));
    ((ObjectNode) badRepository.get("repository")).put("id", "seven");
    assertEquals(
        "field 'repository.id' is a string, expected an integer",
        parse(JSON.writeValueAsString(badRepository)).error());
  }

  @Test
  void the2012TimeFormIsReadToo() throws Exception {
    ObjectNode e = (ObjectNode) JSON.readTree(Samples.lines("2013-09-20-10").get(0));
    e.put("created_at", "2012/03/10 22:36:55 -0800");
    assertEquals(
        Instant.parse("2012-03-11T06:36:55Z").toEpochMilli() * 1000,
        row(JSON.writeValueAsString(e)).createdAtMicros());
  }
}
