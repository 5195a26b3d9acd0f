package dev.ghevents.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.testing.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventLineParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<String> wholeHour;
  private static List<String> excerpt;

  @BeforeAll
  static void readSamples() {
    wholeHour = Samples.lines(Samples.WHOLE_HOUR);
    excerpt = Samples.lines("2021-07-21-6");
  }

  private static EventLineParser.Result parse(String line) {
    return EventLineParser.parse(new SourceLine(0L, "test.json.gz", 7, line, line.length()));
  }

  private static EventRow row(String line) {
    EventLineParser.Result result = parse(line);
    assertTrue(result.ok(), () -> "expected a row, got: " + result.error());
    return result.row();
  }

  private static String error(String line) {
    EventLineParser.Result result = parse(line);
    assertFalse(result.ok(), "expected a dead letter");
    return result.error();
  }

  private static ObjectNode node(String line) throws Exception {
    return (ObjectNode) JSON.readTree(line);
  }

  @Test
  void everyLineOfTheWholeSampleHourParsesWithTheManifestsTypeCounts() {
    Map<String, Integer> types = new TreeMap<>();
    for (String line : wholeHour) {
      types.merge(row(line).type(), 1, Integer::sum);
    }
    assertEquals(8273, wholeHour.size());
    assertEquals(4284, types.get("PushEvent"));
    assertEquals(994, types.get("WatchEvent"));
    assertEquals(50, types.get("PullRequestReviewCommentEvent"));
    assertEquals(10, types.get("PublicEvent"));
    assertEquals(14, types.size());
  }

  @Test
  void envelopeFieldsMatchTheJsonForEverySampleLine() throws Exception {
    for (String line : excerpt) {
      EventRow r = row(line);
      JsonNode n = JSON.readTree(line);
      assertEquals(n.get("id").asText(), r.id());
      assertEquals(n.get("type").asText(), r.type());
      assertEquals(
          Instant.parse(n.get("created_at").asText()).toEpochMilli() * 1000, r.createdAtMicros());
      assertEquals(n.get("public").asBoolean(), r.isPublic());
      assertEquals(n.at("/actor/id").asLong(), r.actorId());
      assertEquals(n.at("/actor/login").asText(), r.actorLogin());
      assertEquals(n.at("/actor/display_login").asText(), r.actorDisplayLogin());
      assertEquals(n.at("/repo/id").asLong(), r.repoId());
      assertEquals(n.at("/repo/name").asText(), r.repoName());
      if (n.has("org")) {
        assertEquals(n.at("/org/id").asLong(), r.orgId());
        assertEquals(n.at("/org/login").asText(), r.orgLogin());
      } else {
        assertNull(r.orgId());
      }
      // The payload is the verbatim text of the line, and the same JSON.
      assertTrue(line.contains(r.payload()));
      assertEquals(n.get("payload"), JSON.readTree(r.payload()));
      assertNull(r.other());
      assertEquals(line, r.rawLine());
      assertEquals(7, r.lineNumber());
    }
  }

  @Test
  void anUnknownTopLevelFieldIsKeptVerbatimInOther() throws Exception {
    ObjectNode event = node(excerpt.get(0));
    event.putObject("reactions").put("total_count", 3).putArray("kinds").add("+1").add("heart");
    event.put("node_id", "E_kwDOABC");
    EventRow r = row(JSON.writeValueAsString(event));
    JsonNode other = JSON.readTree(r.other());
    assertEquals(3, other.at("/reactions/total_count").asInt());
    assertEquals("heart", other.at("/reactions/kinds/1").asText());
    assertEquals("E_kwDOABC", other.get("node_id").asText());
    assertEquals(2, other.size());
  }

  @Test
  void anUnknownTypeParsesAndRoutesToOtherEvents() throws Exception {
    ObjectNode event = node(excerpt.get(0));
    event.put("type", "CopilotSessionEvent");
    EventRow r = row(JSON.writeValueAsString(event));
    assertEquals("CopilotSessionEvent", r.type());
    assertEquals("other_events", r.table());
  }

  @Test
  void trimmed2025PayloadsParse() throws Exception {
    ObjectNode push = firstOfType("PushEvent");
    ObjectNode payload = (ObjectNode) push.get("payload");
    payload.remove(List.of("commits", "size", "distinct_size"));
    EventRow pushRow = row(JSON.writeValueAsString(push));
    assertEquals(payload, JSON.readTree(pushRow.payload()));

    ObjectNode pr = firstOfType("PullRequestEvent");
    ObjectNode pullRequest = (ObjectNode) pr.at("/payload/pull_request");
    pullRequest.retain("url", "id", "number", "head", "base");
    ((ObjectNode) pr.get("payload")).remove("author_association");
    EventRow prRow = row(JSON.writeValueAsString(pr));
    assertEquals(5, JSON.readTree(prRow.payload()).get("pull_request").size());
  }

  private static ObjectNode firstOfType(String type) throws Exception {
    for (String line : excerpt) {
      ObjectNode n = node(line);
      if (n.get("type").asText().equals(type)) {
        return n;
      }
    }
    throw new AssertionError("no " + type + " in the sample");
  }

  @Test
  void notJsonIsADeadLetterWithTheColumn() {
    String line = excerpt.get(0);
    assertThat(error(line.substring(0, 100)), containsString("not valid JSON near column"));
    assertThat(error("garbage"), containsString("not valid JSON"));
    assertThat(error(""), containsString("empty line"));
    assertThat(error("[1,2]"), containsString("not a JSON object"));
    assertThat(error(line + " {}"), containsString("after the event object"));
  }

  @Test
  void missingRequiredFieldsAreNamed() throws Exception {
    for (String field : List.of("id", "type", "created_at")) {
      ObjectNode event = node(excerpt.get(1));
      event.remove(field);
      assertEquals("missing required field '" + field + "'", error(JSON.writeValueAsString(event)));
    }
  }

  @Test
  void valuesOfTheWrongKindAreNamed() throws Exception {
    ObjectNode numericId = node(excerpt.get(2));
    numericId.put("id", 17195300405L);
    assertEquals(
        "field 'id' is an integer, expected a string", error(JSON.writeValueAsString(numericId)));

    ObjectNode stringActorId = node(excerpt.get(2));
    ((ObjectNode) stringActorId.get("actor")).put("id", "12");
    assertEquals(
        "field 'actor.id' is a string, expected an integer",
        error(JSON.writeValueAsString(stringActorId)));

    ObjectNode arrayPayload = node(excerpt.get(2));
    arrayPayload.putArray("payload");
    assertEquals(
        "field 'payload' is an array, expected an object",
        error(JSON.writeValueAsString(arrayPayload)));

    ObjectNode badTime = node(excerpt.get(2));
    badTime.put("created_at", "yesterday");
    assertThat(error(JSON.writeValueAsString(badTime)), containsString("not an ISO-8601 time"));

    ObjectNode stringPublic = node(excerpt.get(2));
    stringPublic.put("public", "true");
    assertEquals(
        "field 'public' is a string, expected a boolean",
        error(JSON.writeValueAsString(stringPublic)));
  }

  @Test
  void createdAtIsReadAsInstantParseReadsItAndRefusedWhereItRefuses() throws Exception {
    // The events API's plain form takes a path of its own: it must agree with Instant.parse,
    // on the calendar's edges too, and leave every other form to it.
    for (String time :
        List.of(
            "2024-02-29T23:59:59Z",
            "2015-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2011-02-12T00:00:01Z",
            "2021-07-21T06:00:00.5Z",
            "2021-07-21T06:00:00+02:00",
            "0001-12-31T12:34:56Z",
            // Instant.parse's own leniencies, which the plain path leaves to it.
            "2024-03-01T24:00:00Z",
            "2024-03-01T23:59:60Z")) {
      ObjectNode event = node(excerpt.get(2));
      event.put("created_at", time);
      Instant expected = Instant.parse(time);
      assertEquals(
          expected.getEpochSecond() * 1_000_000 + expected.getNano() / 1000,
          row(JSON.writeValueAsString(event)).createdAtMicros(),
          time);
    }
    for (String time :
        List.of(
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-03-01T12:60:00Z",
            "2024-03-01T12:00:61Z",
            "2024-03-0aT12:00:00Z",
            "2024-03-01 12:00:00Z")) {
      ObjectNode event = node(excerpt.get(2));
      event.put("created_at", time);
      assertEquals(
          "field 'created_at' is '" + time + "', not an ISO-8601 time",
          error(JSON.writeValueAsString(event)),
          time);
    }
  }

  @Test
  void nullOptionalsAreNullsNotErrors() throws Exception {
    ObjectNode event = node(excerpt.get(3));
    event.putNull("org");
    event.putNull("payload");
    ((ObjectNode) event.get("actor")).putNull("display_login");
    EventRow r = row(JSON.writeValueAsString(event));
    assertNull(r.orgId());
    assertNull(r.payload());
    assertNull(r.actorDisplayLogin());
  }
}
