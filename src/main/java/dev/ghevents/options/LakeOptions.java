package dev.ghevents.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where the raw files go. */
public interface LakeOptions extends PipelineOptions {
  @Description(
      "Base path of the lake: a local folder or gs://bucket/prefix. Hour files are copied"
          + " unchanged to LAKE/raw/, each event type's lines to LAKE/events/TABLE/date=/hour=/.")
  @Default.String("data/lake")
  String getLake();

  void setLake(String value);
}
