package dev.ghevents.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The event types the pipeline routes to a table of their own, and the table names derived from
 * them ({@code PushEvent} → {@code push_events}). Every other type goes to {@link #OTHER_TABLE},
 * never dropped. Table names are only ever built from this list, so no string from the data reaches
 * SQL.
 */
public final class EventTypes {
  /**
   * Every type seen in the bundled samples and every type GitHub's "GitHub event types" page lists
   * today (DiscussionEvent, PullRequestReviewThreadEvent and SponsorshipEvent appear after 2015).
   */
  public static final List<String> KNOWN =
      List.of(
          "CommitCommentEvent",
          "CreateEvent",
          "DeleteEvent",
          "DiscussionEvent",
          "ForkEvent",
          "GollumEvent",
          "IssueCommentEvent",
          "IssuesEvent",
          "MemberEvent",
          "PublicEvent",
          "PullRequestEvent",
          "PullRequestReviewCommentEvent",
          "PullRequestReviewEvent",
          "PullRequestReviewThreadEvent",
          "PushEvent",
          "ReleaseEvent",
          "SponsorshipEvent",
          "WatchEvent");

  /** The table for events of a type not in {@link #KNOWN}. */
  public static final String OTHER_TABLE = "other_events";

  private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  /** Computed once: routing asks for every event's table, several times. */
  private static final Map<String, String> TABLES =
      KNOWN.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  type -> type,
                  type ->
                      CAMEL_BOUNDARY.matcher(type).replaceAll("_").toLowerCase(Locale.ROOT) + "s"));

  private EventTypes() {}

  public static boolean isKnown(String type) {
    return TABLES.containsKey(type);
  }

  /** {@code PullRequestReviewCommentEvent} → {@code pull_request_review_comment_events}. */
  public static String tableOf(String type) {
    return TABLES.getOrDefault(type, OTHER_TABLE);
  }

  /** Every event table, in a stable order: one per known type, then {@link #OTHER_TABLE}. */
  public static List<String> allTables() {
    return java.util.stream.Stream.concat(
            KNOWN.stream().map(EventTypes::tableOf), java.util.stream.Stream.of(OTHER_TABLE))
        .toList();
  }
}
