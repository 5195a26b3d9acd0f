package dev.ghevents.load;

/** The run's dead letters exceeded {@code --maxErrorRatio} in at least one hour. */
public final class ErrorBudgetExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ErrorBudgetExceededException(String message) {
    super(message);
  }
}
