package dev.ghevents.text;

/** Messages for people, from exceptions whose text can run over many lines. */
public final class Messages {
  private Messages() {}

  /** The first line of {@code message} ({@code "null"} for none). */
  public static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
