package dev.ghevents.load;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghevents.ledger.LedgerEntry;
import dev.ghevents.ledger.LoadSummary;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * The error budget alone, with TestPipeline and PAssert: a committed load within both limits passes
 * through unchanged; one hour over {@code --maxErrorRatio}, or a load over {@code
 * --maxDeadLetters}, fails the pipeline with a message naming the hour or the load.
 */
class EnforceErrorBudgetTest {

  /** A ledger row of a 200-line sample hour with {@code dead} dead letters. */
  private static LedgerEntry hour(String name, long dead) {
    return new LedgerEntry(name, "src", "loaded", 200, 200 - dead, 0, dead, 0, 1000, "b", null);
  }

  private static LoadSummary load(LedgerEntry... hours) {
    return new LoadSummary("b", List.of(hours), List.of());
  }

  private static PCollection<LoadSummary> checked(
      TestPipeline pipeline, LoadSummary summary, double ratio, long max) {
    return pipeline
        .apply(Create.of(summary).withCoder(SerializableCoder.of(LoadSummary.class)))
        .apply(new EnforceErrorBudget(ratio, max));
  }

  @Test
  void aLoadWithinBothLimitsPassesThroughUnchanged() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    LoadSummary within = load(hour("2021-07-21-6", 2), hour("2021-07-21-7", 0));
    PAssert.that(checked(pipeline, within, 0.01, 10)).containsInAnyOrder(within);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anHourOverTheRatioFailsTheRunNamingTheHour() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    checked(pipeline, load(hour("2021-07-21-6", 2), hour("2021-07-21-7", 3)), 0.01, 1000);
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, pipeline::run);
    assertInstanceOf(ErrorBudgetExceededException.class, e.getCause());
    assertEquals(
        "too many dead letters (--maxErrorRatio=0.01) in load b: hour 2021-07-21-7 has 3 of 200"
            + " lines dead-lettered (1.50%). Everything was recorded: see"
            + " gharchive_ops.dead_letter for the lines.",
        e.getCause().getMessage());
  }

  @Test
  void aLoadOverTheTotalFailsTheRunEvenIfEachHourIsWithinTheRatio() {
    TestPipeline pipeline = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    checked(pipeline, load(hour("2021-07-21-6", 2), hour("2021-07-21-7", 2)), 0.01, 3);
    Pipeline.PipelineExecutionException e =
        assertThrows(Pipeline.PipelineExecutionException.class, pipeline::run);
    assertThat(
        e.getCause().getMessage(),
        containsString(
            "too many dead letters in load b: 4 over 2 hour(s), more than --maxDeadLetters=3"));
  }
}
