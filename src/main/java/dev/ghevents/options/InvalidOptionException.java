package dev.ghevents.options;

/** A bad option: the run stops before any work, with a message that names the flag. */
public final class InvalidOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionException(String flag, String problem) {
    super("--" + flag + ": " + problem);
  }

  /** {@code value} trimmed; refused, naming {@code flag}, when it is missing or blank. */
  public static String required(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidOptionException(flag, "must not be empty");
    }
    return value.trim();
  }
}
