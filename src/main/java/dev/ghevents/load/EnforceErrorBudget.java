package dev.ghevents.load;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Fails the run when an hour's share of dead letters exceeds {@code --maxErrorRatio}. It runs after
 * the commit on purpose: the dead letters and the ledger are recorded first, so the failure can be
 * looked into, and the good rows of the hour are not held back.
 */
public final class EnforceErrorBudget
    extends PTransform<PCollection<LoadSummary>, PCollection<LoadSummary>> {
  private static final long serialVersionUID = 1L;

  private final double maxErrorRatio;

  public EnforceErrorBudget(double maxErrorRatio) {
    this.maxErrorRatio = maxErrorRatio;
  }

  @Override
  public PCollection<LoadSummary> expand(PCollection<LoadSummary> summaries) {
    return summaries.apply("Check dead-letter ratio", ParDo.of(new CheckFn(maxErrorRatio)));
  }

  /** The message for the hours over budget, or null if none is. */
  public static String violations(LoadSummary summary, double maxErrorRatio) {
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

    CheckFn(double maxErrorRatio) {
      this.maxErrorRatio = maxErrorRatio;
    }

    @ProcessElement
    public void process(@Element LoadSummary summary, OutputReceiver<LoadSummary> out) {
      String violations = violations(summary, maxErrorRatio);
      if (violations != null) {
        throw new ErrorBudgetExceededException(violations);
      }
      out.output(summary);
    }
  }
}
