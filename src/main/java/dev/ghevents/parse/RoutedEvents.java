package dev.ghevents.parse;

import dev.ghevents.model.DeadLetter;
import dev.ghevents.model.EventRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The outputs of {@link ParseAndRoute}: events per table, dead letters, and skipped lines' hours.
 */
public final class RoutedEvents implements POutput {
  private final Pipeline pipeline;
  private final PCollectionTuple tuple;
  private final Map<String, TupleTag<EventRow>> tags;
  private final Set<String> selectedTables;
  private final TupleTag<DeadLetter> deadLetters;
  private final TupleTag<Long> skipped;
  private final TupleTag<KV<Long, KV<Long, Long>>> spans;

  RoutedEvents(
      Pipeline pipeline,
      PCollectionTuple tuple,
      Map<String, TupleTag<EventRow>> tags,
      Set<String> selectedTables,
      TupleTag<DeadLetter> deadLetters,
      TupleTag<Long> skipped,
      TupleTag<KV<Long, KV<Long, Long>>> spans) {
    this.pipeline = pipeline;
    this.tuple = tuple;
    this.tags = tags;
    this.selectedTables = selectedTables;
    this.deadLetters = deadLetters;
    this.skipped = skipped;
    this.spans = spans;
  }

  /** The events routed to {@code table} (one of {@code EventTypes.allTables()}). */
  public PCollection<EventRow> events(String table) {
    TupleTag<EventRow> tag = tags.get(table);
    if (tag == null) {
      throw new IllegalArgumentException("no event table named " + table);
    }
    return tuple.get(tag);
  }

  /** The events of every table the run loads, in one collection (the lake and landing's input). */
  public PCollection<EventRow> allEvents() {
    List<PCollection<EventRow>> perTable = new ArrayList<>();
    for (String table : selectedTables.stream().sorted().toList()) {
      perTable.add(events(table));
    }
    return PCollectionList.of(perTable).apply("All events", Flatten.pCollections());
  }

  public PCollection<DeadLetter> deadLetters() {
    return tuple.get(deadLetters);
  }

  /** The parser's dead letters and {@code earlier} ones (the reader's), in one collection. */
  public PCollection<DeadLetter> allDeadLetters(PCollection<DeadLetter> earlier) {
    return PCollectionList.of(deadLetters())
        .and(earlier)
        .apply("All dead letters", Flatten.pCollections());
  }

  /** The source hour (microseconds) of every valid line whose type the run does not load. */
  public PCollection<Long> skippedHours() {
    return tuple.get(skipped);
  }

  /**
   * Per source hour (microseconds), the least and greatest {@code created_at} of its events, one
   * element per hour and bundle (to be combined).
   */
  public PCollection<KV<Long, KV<Long, Long>>> createdAtSpans() {
    return tuple.get(spans);
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return tuple.expand();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {
    tuple.finishSpecifyingOutput(transformName, input, transform);
  }
}
