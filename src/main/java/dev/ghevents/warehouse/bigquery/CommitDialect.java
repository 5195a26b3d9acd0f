package dev.ghevents.warehouse.bigquery;

import com.google.cloud.bigquery.QueryParameterValue;
import dev.ghevents.warehouse.Datasets;
import java.util.List;
import java.util.Map;

/**
 * How a commit's statements ({@link BigQueryMerge}) are written and sent: to BigQuery, or to the
 * goccy/bigquery-emulator that {@code --bigqueryEndpoint} points at (local runs and the tests). The
 * emulator's differences live here and nowhere else.
 */
enum CommitDialect {
  /**
   * BigQuery: the MERGEs, every statement in one multi-statement transaction, sent as one query.
   */
  BIGQUERY {
    @Override
    List<String> statements(String project, Datasets ds, List<BigQueryMerge.TableBatch> batches) {
      return List.of(
          BigQueryMerge.transaction(
              project, ds, BigQueryMerge.statements(project, ds, batches, false)));
    }
  },

  /**
   * The emulator analyses a MERGE but cannot execute one whose match is more than one equality, so
   * each MERGE is its insert-only equivalent over the same batch and pruned match; it runs
   * BEGIN/COMMIT as no-ops and its exception handler swallows errors, so each statement goes alone
   * and a failure surfaces (atomicity is not testable there).
   */
  EMULATOR {
    @Override
    List<String> statements(String project, Datasets ds, List<BigQueryMerge.TableBatch> batches) {
      return BigQueryMerge.statements(project, ds, batches, true);
    }
  };

  /** Runs one query with named parameters and waits for it. */
  interface Query {
    void run(String sql, Map<String, QueryParameterValue> parameters);
  }

  abstract List<String> statements(
      String project, Datasets ds, List<BigQueryMerge.TableBatch> batches);

  /** Sends the queries {@link #statements} made, in order. */
  void run(List<String> statements, Map<String, QueryParameterValue> parameters, Query query) {
    for (String statement : statements) {
      query.run(statement, parameters);
    }
  }

  static CommitDialect of(BigQueryTarget target) {
    return target.isEmulator() ? EMULATOR : BIGQUERY;
  }
}
