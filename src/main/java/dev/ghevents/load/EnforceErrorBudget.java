package dev.ghevents.load;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Fails the run when an hour's share of dead letters exceeds {@code --maxErrorRatio}, or the run's
 * dead letters all together exceed {@code --maxDeadLetters} (a backfill of many hours, each a
 * little bad, is as suspect as one very bad hour). It runs after the commit on purpose: the dead
 * letters and the ledger are recorded first, so the failure can be looked into, and the good rows
 * of the hour are not held back.
 */
public final class EnforceErrorBudget
    extends PTransform<PCollection<LoadSummary>, PCollection<LoadSummary>> {
  private static final long serialVersionUID = 1L;

  private final double maxErrorRatio;
  private final long maxDeadLetters;

  public EnforceErrorBudget(double maxErrorRatio, long maxDeadLetters) {
    this.maxErrorRatio = maxErrorRatio;
    this.maxDeadLetters = maxDeadLetters;
  }

  @Override
  public PCollection<LoadSummary> expand(PCollection<LoadSummary> summaries) {
    return summaries.apply(
        "Check dead letters", ParDo.of(new CheckFn(maxErrorRatio, maxDeadLetters)));
  }

  /** The message for a run over budget, or null if it is within it. */
  public static String violations(LoadSummary summary, double maxErrorRatio, long maxDeadLetters) {
    long total = summary.hours().stream().mapToLong(LedgerEntry::deadLetters).sum();
    if (total > maxDeadLetters) {
      return "too many dead letters in load "
          + summary.loadId()
          + ": "
          + total
          + " over "
          + summary.hours().size()
          + " hour(s), more than --maxDeadLetters="
          + maxDeadLetters
          + ". Everything was recorded: see gharchive_ops.dead_letter for the lines.";
    }
    List<LedgerEntry> over =
        summary.hours().stream().filter(e -> e.errorRatio() > maxErrorRatio).toList();
    if (over.isEmpty()) {
      return null;
    }
    return "too many dead letters (--maxErrorRatio="
        + maxErrorRatio
        + ") in load "
        + summary.loadId()
        + ": "
        + over.stream()
            .map(
                e ->
                    String.format(
                        "hour %s has %d of %d lines dead-lettered (%.2f%%)",
                        e.hour(), e.deadLetters(), e.linesRead(), 100 * e.errorRatio()))
            .collect(Collectors.joining("; "))
        + ". Everything was recorded: see gharchive_ops.dead_letter for the lines.";
  }

  private static final class CheckFn extends DoFn<LoadSummary, LoadSummary> {
    private static final long serialVersionUID = 1L;
    private final double maxErrorRatio;
    private final long maxDeadLetters;

    CheckFn(double maxErrorRatio, long maxDeadLetters) {
      this.maxErrorRatio = maxErrorRatio;
      this.maxDeadLetters = maxDeadLetters;
    }

    @ProcessElement
    public void process(@Element LoadSummary summary, OutputReceiver<LoadSummary> out) {
      String violations = violations(summary, maxErrorRatio, maxDeadLetters);
      if (violations != null) {
        throw new ErrorBudgetExceededException(violations);
      }
      out.output(summary);
    }
  }
}
