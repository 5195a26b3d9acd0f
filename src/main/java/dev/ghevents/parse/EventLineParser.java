package dev.ghevents.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ghevents.model.EventRow;
import dev.ghevents.model.SourceLine;
import dev.ghevents.text.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Turns one GH Archive line into an {@link EventRow} or says exactly why it cannot. A streaming
 * parse of the line's UTF-8 bytes (Jackson's byte parser; the line is never decoded whole) that
 * reads only the envelope: the payload and unknown fields are checked and skipped over, so that
 * invalid JSON anywhere in the line is refused here and never reaches the warehouse's JSON
 * functions, and kept as verbatim spans of the line's bytes, never rebuilt. The payload, most of a
 * line, is checked by {@link PayloadScan} rather than tokenized by Jackson when the scan is sure.
 *
 * <p>Required: {@code id} (string), {@code type} (string), {@code created_at} (ISO-8601 string).
 * Optional, but of the right kind when present: {@code public} (boolean), {@code actor}, {@code
 * repo}, {@code org} (objects with an integer {@code id}), {@code payload} (object). Any other
 * top-level field goes to {@code other}, so a field GitHub adds tomorrow is kept.
 *
 * <p>Lines of the 2012-2014 timeline format map onto the same envelope: {@code actor} is the login
 * (a string), {@code actor_attributes.login} when it is absent; {@code repository} gives {@code
 * repo_id}, {@code repo_name} as {@code owner/name} and {@code org_login} (its {@code
 * organization}); {@code created_at} carries a US Pacific offset and is converted to UTC (the 2012
 * form {@code 2012/03/10 22:36:55 -0800} too). {@code actor_attributes}, {@code repository} and
 * {@code url} are kept whole in {@code other}. Such lines have no {@code id}: they get {@link
 * #timelineId}, derived from the line itself.
 */
public final class EventLineParser {
  /** Lines up to the reader's bound must parse; Jackson's default string limit is far lower. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private EventLineParser() {}

  /**
   * The JSON factory the parser uses (shared so the benchmark's floor parses with the same limits).
   */
  public static JsonFactory jsonFactory() {
    return FACTORY;
  }

  /** The outcome of parsing one line: a row, or the reason there is none. */
  public record Result(EventRow row, String error) {
    public boolean ok() {
      return row != null;
    }
  }

  /** Thrown inside the parser for a line that is JSON but not a valid event. */
  private static final class BadEvent extends Exception {
    private static final long serialVersionUID = 1L;

    BadEvent(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses a line; never throws. */
  public static Result parse(SourceLine source) {
    EventRow fast = parseEnvelope(source);
    if (fast != null) {
      return new Result(fast, null);
    }
    return parseWithJackson(source);
  }

  /**
   * The fast path: {@link PayloadScan} checks the whole line and finds the payload, and Jackson
   * reads a copy of the line with the payload replaced by {@code {}}, about a fifth of its bytes.
   * Null when the scan is not sure or the envelope is not a valid event: {@link #parseWithJackson}
   * then decides, and words any error, as if there were no fast path.
   */
  private static EventRow parseEnvelope(SourceLine source) {
    byte[] line = source.line();
    long span = PayloadScan.payloadSpan(line);
    if (span == PayloadScan.NONE) {
      return null;
    }
    int start = PayloadScan.start(span);
    int end = PayloadScan.end(span);
    byte[] envelope = new byte[line.length - (end - start) + 2];
    System.arraycopy(line, 0, envelope, 0, start);
    envelope[start] = '{';
    envelope[start + 1] = '}';
    System.arraycopy(line, end, envelope, start + 2, line.length - end);
    try (JsonParser p = FACTORY.createParser(envelope)) {
      return readEvent(p, source, envelope, new PayloadSpan(start, end));
    } catch (BadEvent | IOException | RuntimeException e) {
      return null;
    }
  }

  /** Where the fast path found the payload, which its copy of the line holds as {@code {}}. */
  private record PayloadSpan(int start, int end) {}

  /** The line read by Jackson alone, the payload skipped token by token; never throws. */
  static Result parseWithJackson(SourceLine source) {
    byte[] line = source.line();
    if (isBlank(line)) {
      return new Result(null, "empty line");
    }
    try (JsonParser p = FACTORY.createParser(line)) {
      return new Result(readEvent(p, source, line, null), null);
    } catch (BadEvent e) {
      return new Result(null, e.getMessage());
    } catch (JsonProcessingException e) {
      return new Result(
          null,
          // Jackson's location is just past the offending byte: its 0-based offset is that
          // byte's 1-based position (the column, for a line of ASCII).
          "not valid JSON near column "
              + e.getLocation().getByteOffset()
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      // Jackson reports a few malformed inputs with unchecked exceptions; no line may escape as
      // one.
      return new Result(null, "unreadable line: " + e);
    }
  }

  /**
   * Reads the event from {@code p}, which parses {@code text}: the line itself, or the fast path's
   * copy of it with the payload at {@code scanned} replaced by {@code {}}.
   */
  private static EventRow readEvent(
      JsonParser p, SourceLine source, byte[] text, PayloadSpan scanned)
      throws IOException, BadEvent {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new BadEvent("not a JSON object");
    }
    String id = null;
    String type = null;
    String createdAt = null;
    Boolean isPublic = null;
    Ref actor = Ref.NONE;
    Ref repo = Ref.NONE;
    Ref org = Ref.NONE;
    int payloadStart = -1;
    int payloadEnd = -1;
    StringBuilder other = null;
    boolean timeline = false;
    String attributesLogin = null;
    Repository repository = Repository.NONE;

    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> id = requiredString(p, value, "id");
        case "type" -> type = requiredString(p, value, "type");
        case "created_at" -> createdAt = requiredString(p, value, "created_at");
        case "public" -> isPublic = optionalBoolean(p, value, "public");
        case "actor" -> {
          if (value == JsonToken.VALUE_STRING) {
            timeline = true;
            actor = new Ref(null, p.getText(), null);
          } else {
            actor = readRef(p, value, "actor", "login");
          }
        }
        case "repo" -> repo = readRef(p, value, "repo", "name");
        case "actor_attributes", "repository" -> {
          // The timeline's objects: read for the envelope, and kept whole in `other`.
          timeline = true;
          int start = (int) p.currentTokenLocation().getByteOffset();
          if (name.equals("repository")) {
            repository = readRepository(p, value);
          } else {
            attributesLogin = readRef(p, value, name, "login").name;
          }
          int end = (int) p.currentLocation().getByteOffset();
          other = appendOther(other, name, text, start, end);
        }
        case "org" -> org = readRef(p, value, "org", "login");
        case "payload" -> {
          if (value == JsonToken.START_OBJECT) {
            payloadStart = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            payloadEnd = (int) p.currentLocation().getByteOffset();
            if (scanned != null) {
              if (payloadStart != scanned.start()) {
                // A second payload field the scan did not see (an escaped name): no fast path.
                throw new BadEvent("payload written twice");
              }
              payloadStart = scanned.start();
              payloadEnd = scanned.end();
            }
          } else if (value != JsonToken.VALUE_NULL) {
            throw wrongKind("payload", value, "an object");
          }
        }
        default -> {
          int start = (int) p.currentTokenLocation().getByteOffset();
          skipValue(p, value);
          int end = (int) p.currentLocation().getByteOffset();
          other = appendOther(other, name, text, start, end);
        }
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new BadEvent("not a JSON object");
    }
    if (p.nextToken() != null) {
      throw new BadEvent("unexpected content after the event object");
    }
    if (timeline) {
      if (actor.name == null && attributesLogin != null) {
        actor = new Ref(null, attributesLogin, null);
      }
      if (repo == Ref.NONE) {
        repo = new Ref(repository.id, repository.fullName, null);
        org = repository.organization == null ? org : new Ref(null, repository.organization, null);
      }
      if (id == null) {
        id = timelineId(source.line());
      }
    }
    if (id == null) {
      throw new BadEvent("missing required field 'id'");
    }
    if (type == null) {
      throw new BadEvent("missing required field 'type'");
    }
    if (createdAt == null) {
      throw new BadEvent("missing required field 'created_at'");
    }
    long createdAtMicros = toMicros(createdAt);
    return new EventRow(
        id,
        type,
        createdAtMicros,
        isPublic,
        actor.id,
        actor.name,
        actor.displayLogin,
        repo.id,
        repo.name,
        org.id,
        org.name,
        source.line(),
        payloadStart,
        payloadEnd,
        other == null ? null : other.append('}').toString(),
        source.sourceHourMicros(),
        source.sourceFile(),
        source.lineNumber());
  }

  /** The prefix of {@link #timelineId}: no GitHub event id has a letter in it. */
  public static final String TIMELINE_ID_PREFIX = "tl-";

  /**
   * The id of a timeline line, which has none of its own: {@code tl-} and the first 32 hex digits
   * of the SHA-256 of the line's UTF-8 bytes. The same line gets the same id on every run and in
   * every hour file it appears in (so a copy in two files is loaded once), and it can never equal
   * an events-API id, which is all digits.
   */
  public static String timelineId(String line) {
    return timelineId(line.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #timelineId(String)} of a line's UTF-8 bytes. */
  public static String timelineId(byte[] line) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(line);
      return TIMELINE_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static StringBuilder appendOther(
      StringBuilder other, String name, byte[] line, int start, int end) {
    StringBuilder out = other == null ? new StringBuilder("{") : other.append(',');
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(name)).append("\":");
    return out.append(new String(line, start, end - start, StandardCharsets.UTF_8));
  }

  /** {@link String#isBlank} of the line, without decoding it unless it starts with non-ASCII. */
  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b < 0) {
        return new String(line, StandardCharsets.UTF_8).isBlank();
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** A timeline {@code repository}: its id, {@code owner/name} and organization login. */
  private record Repository(Long id, String fullName, String organization) {
    static final Repository NONE = new Repository(null, null, null);
  }

  private static Repository readRepository(JsonParser p, JsonToken value)
      throws IOException, BadEvent {
    if (value == JsonToken.VALUE_NULL) {
      return Repository.NONE;
    }
    if (value != JsonToken.START_OBJECT) {
      throw wrongKind("repository", value, "an object");
    }
    Long id = null;
    String owner = null;
    String name = null;
    String organization = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String sub = p.currentName();
      JsonToken subValue = p.nextToken();
      switch (sub) {
        case "id" -> id = optionalLong(p, subValue, "repository.id");
        case "owner" -> owner = optionalString(p, subValue, "repository.owner");
        case "name" -> name = optionalString(p, subValue, "repository.name");
        case "organization" ->
            organization = optionalString(p, subValue, "repository.organization");
        default -> p.skipChildren();
      }
    }
    String fullName = owner != null && name != null ? owner + "/" + name : name;
    return new Repository(id, fullName, organization);
  }

  private static Long optionalLong(JsonParser p, JsonToken value, String field)
      throws IOException, BadEvent {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw wrongKind(field, value, "an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT
        && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw new BadEvent("field '" + field + "' is out of the 64-bit integer range");
    }
    return p.getLongValue();
  }

  /** An envelope object: actor, repo or org. */
  private record Ref(Long id, String name, String displayLogin) {
    static final Ref NONE = new Ref(null, null, null);
  }

  private static Ref readRef(JsonParser p, JsonToken value, String field, String nameField)
      throws IOException, BadEvent {
    if (value == JsonToken.VALUE_NULL) {
      return Ref.NONE;
    }
    if (value != JsonToken.START_OBJECT) {
      throw wrongKind(field, value, "an object");
    }
    Long id = null;
    String name = null;
    String displayLogin = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String sub = p.currentName();
      JsonToken subValue = p.nextToken();
      if (sub.equals("id")) {
        id = optionalLong(p, subValue, field + ".id");
      } else if (sub.equals(nameField)) {
        name = optionalString(p, subValue, field + "." + nameField);
      } else if (sub.equals("display_login")) {
        displayLogin = optionalString(p, subValue, field + ".display_login");
      } else {
        // A no-op for a scalar: its text is only read if asked for, so an unneeded url is never
        // decoded.
        p.skipChildren();
      }
    }
    return new Ref(id, name, displayLogin);
  }

  private static String requiredString(JsonParser p, JsonToken value, String field)
      throws IOException, BadEvent {
    if (value != JsonToken.VALUE_STRING) {
      throw wrongKind(field, value, "a string");
    }
    String text = p.getText();
    if (text.isEmpty()) {
      throw new BadEvent("field '" + field + "' is empty");
    }
    return text;
  }

  private static String optionalString(JsonParser p, JsonToken value, String field)
      throws IOException, BadEvent {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw wrongKind(field, value, "a string");
    }
    return p.getText();
  }

  private static Boolean optionalBoolean(JsonParser p, JsonToken value, String field)
      throws BadEvent {
    return switch (value) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw wrongKind(field, value, "a boolean");
    };
  }

  private static void skipValue(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
      p.skipChildren();
    } else {
      // Scalars are decoded lazily: finish the token so the parser's location is past it.
      p.finishToken();
    }
  }

  /** The 2012 timeline's form of a time, {@code 2012/03/10 22:36:55 -0800}. */
  private static final DateTimeFormatter TIMELINE_2012 =
      DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss xx");

  private static long toMicros(String createdAt) throws BadEvent {
    long fast = utcSecondsMicros(createdAt);
    if (fast != NOT_PLAIN) {
      return fast;
    }
    try {
      // ISO-8601 with Z or an offset (the timeline's -07:00), or the 2012 timeline's form.
      Instant t =
          createdAt.indexOf('/') == 4
              ? OffsetDateTime.parse(createdAt, TIMELINE_2012).toInstant()
              : Instant.parse(createdAt);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadEvent(
          "field 'created_at' is '" + abbreviate(createdAt) + "', not an ISO-8601 time");
    }
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The events API's own form, {@code 2024-03-01T06:00:00Z}, without a formatter (it is most of a
   * line's envelope cost); {@link #NOT_PLAIN} for anything else, which goes to {@link
   * Instant#parse} and the timeline's forms.
   */
  private static long utcSecondsMicros(String s) {
    if (s.length() != 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != 'Z') {
      return NOT_PLAIN;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_PLAIN;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L;
  }

  /** The decimal number in {@code s[from, from+count)}, or -1 if a character is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static BadEvent wrongKind(String field, JsonToken actual, String expected) {
    return new BadEvent("field '" + field + "' is " + kindOf(actual) + ", expected " + expected);
  }

  private static String kindOf(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  private static String firstLine(String message) {
    return message == null ? "malformed input" : Messages.firstLine(message);
  }
}
