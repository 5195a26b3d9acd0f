package dev.ghevents.warehouse.bigquery;

import dev.ghevents.warehouse.Datasets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BigQuery commit's statements as the production code writes them, with the tables each one
 * reads, for the cost model ({@code dev.ghevents.cost.CostModel}): on-demand BigQuery bills every
 * statement at least 10 MB per table it references.
 */
public final class CommitStatements {
  private static final Pattern TABLE = Pattern.compile("`[^`.]+\\.([^`.]+)\\.([^`.]+)`");

  private CommitStatements() {}

  /** One statement: what it does and the dataset.table names it references. */
  public record Statement(String kind, String table, Set<String> references) {}

  /**
   * The statements of one commit whose batch has rows in {@code tables}, in order: the ranges query
   * outside the transaction, then the transaction's statements.
   */
  public static List<Statement> of(String project, Datasets ds, List<String> tables) {
    List<Statement> out = new ArrayList<>();
    out.add(
        new Statement("ranges", null, references(BigQueryMerge.rangesQuery(project, ds, tables))));
    List<BigQueryMerge.TableBatch> batches = new ArrayList<>();
    for (String t : tables) {
      batches.add(new BigQueryMerge.TableBatch(t, 0, 1));
    }
    List<String> statements = BigQueryMerge.statements(project, ds, batches, false);
    out.add(new Statement("lock", null, references(statements.get(0))));
    for (int i = 0; i < tables.size(); i++) {
      out.add(new Statement("merge", tables.get(i), references(statements.get(1 + 2 * i))));
      out.add(new Statement("count", tables.get(i), references(statements.get(2 + 2 * i))));
    }
    int rest = 1 + 2 * tables.size();
    out.add(new Statement("dead letters", null, references(statements.get(rest))));
    out.add(new Statement("ledger", null, references(statements.get(rest + 1))));
    out.add(new Statement("check", null, references(statements.get(rest + 2))));
    return out;
  }

  /** The lease's statements: one look (an update and a read) and the release. */
  public static List<Statement> lease(String project, Datasets ds) {
    CommitLease lease = new CommitLease(project, ds, (sql, p) -> {}, (sql, p) -> null);
    return List.of(
        new Statement("lease take", null, references(lease.acquireStatement())),
        new Statement("lease read", null, references(lease.holderQuery())),
        new Statement("lease give back", null, references(lease.releaseStatement())));
  }

  /**
   * The tables a statement reads: every one it names but the target of an INSERT, which is written,
   * not scanned (a MERGE's or UPDATE's target is scanned for its match).
   */
  /** How long a commit lease lasts if not given back ({@link CommitLease#HOLD}). */
  public static Duration leaseHold() {
    return CommitLease.HOLD;
  }

  /** How long a commit waits for the lease ({@link CommitLease#WAIT_FOR}). */
  public static Duration leaseWait() {
    return CommitLease.WAIT_FOR;
  }

  private static Set<String> references(String sql) {
    Set<String> tables = new LinkedHashSet<>();
    Matcher m = TABLE.matcher(sql.replaceAll("INSERT INTO `[^`]+`", "INSERT INTO target"));
    while (m.find()) {
      tables.add(m.group(1) + "." + m.group(2));
    }
    return tables;
  }
}
