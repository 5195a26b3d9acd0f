package dev.ghevents;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghevents.warehouse.bigquery.LandingWriteMethod;
import org.apache.beam.runners.direct.DirectOptions;
import org.junit.jupiter.api.Test;

/** Options that cannot be read stop the run with a message, before any work. */
class ParseOptionsTest {
  @Test
  void theStorageWriteApiModeIsRefusedWithItsReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GhEventsPipeline.parseOptions(
                    new String[] {"--warehouse=BIGQUERY", "--writeMethod=STORAGE_WRITE_API"}));
    assertThat(e.getMessage(), startsWith("--writeMethod: STORAGE_WRITE_API is not offered"));
    assertThat(e.getMessage(), containsString("use STORAGE_API_AT_LEAST_ONCE"));
  }

  @Test
  void aValueOfTheWrongTypeNamesTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GhEventsPipeline.parseOptions(new String[] {"--lookbackHours=abc"}));
    assertThat(e.getMessage(), containsString("\"abc\""));
  }

  @Test
  void theOfferedWriteMethodsParse() {
    assertEquals(
        LandingWriteMethod.FILE_LOADS,
        GhEventsPipeline.parseOptions(new String[] {"--writeMethod=FILE_LOADS"}).getWriteMethod());
    assertEquals(
        LandingWriteMethod.STORAGE_API_AT_LEAST_ONCE,
        GhEventsPipeline.parseOptions(new String[] {}).getWriteMethod());
  }

  @Test
  void theLocalRunnerGetsOneThreadUnlessTheUserAsksForMore() {
    assertEquals(
        1,
        GhEventsPipeline.parseOptions(new String[] {"--hours=2015-01-01-12"})
            .as(DirectOptions.class)
            .getTargetParallelism());
    assertEquals(
        4,
        GhEventsPipeline.parseOptions(new String[] {"--targetParallelism=4", "--lineBuckets=4"})
            .as(DirectOptions.class)
            .getTargetParallelism());
  }
}
