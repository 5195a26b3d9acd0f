package dev.ghevents.warehouse.duckdb;

import dev.ghevents.model.EventTypes;
import dev.ghevents.warehouse.Datasets;
import dev.ghevents.warehouse.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a load's rows wait for their commit: tables of their own in an in-memory database that
 * every connection of the warehouse's DuckDB instance shares ({@link DuckDb#MEMORY}), not in the
 * file.
 *
 * <p>Why not the file: rows appended to a table in the file are written to its log and compressed
 * into its blocks, then merged into staging and deleted, so every payload was written twice;
 * appending a 2024 hour (750 MB of JSON) took 11 s into the file against 1.5 s into memory
 * (measured 2026-12-03, docs/ARCHITECTURE.md "Facts for speed and cost"). DuckDB spills the
 * in-memory tables to its temporary folder past {@code --duckdbMemoryLimit}, so memory stays
 * bounded. Nothing is lost with the process that dies before its commit: the hours were not
 * recorded, so the next run loads them again; and there are no rows of a dead run to clean up.
 *
 * <p>Each load has a schema of its own ({@code <landing>__<load_id>}), created before its rows and
 * dropped after its commit, which frees the memory at once (a delete only marks rows) and keeps two
 * loads in one JVM apart. DuckDB lets a transaction write to one database only, so the schema is
 * created and dropped outside the commit's transaction, which only reads it.
 */
final class DuckDbMemoryLanding {
  /** Landing's tables: one per event table, and the dead letters. */
  static final List<String> TABLES =
      Stream.concat(EventTypes.allTables().stream(), Stream.of(Tables.DEAD_LETTER)).toList();

  private DuckDbMemoryLanding() {}

  /** The in-memory schema of {@code loadId}'s landing tables. */
  static String schema(Datasets datasets, String loadId) {
    return datasets.landing() + "__" + loadId.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** A landing table of {@code loadId}, quoted and qualified with the in-memory database. */
  static String table(Datasets datasets, String loadId, String table) {
    return DuckDb.quote(DuckDb.MEMORY) + "." + DuckDb.qualified(schema(datasets, loadId), table);
  }

  /**
   * Creates the load's landing tables unless they exist; on a connection in auto-commit. One at a
   * time in this JVM: DuckDB refuses two connections creating one schema at once (a write-write
   * conflict on the catalog), as the bundles of a load on several threads would.
   */
  static synchronized void create(Connection c, Datasets datasets, String loadId)
      throws SQLException {
    String schema = DuckDb.quote(DuckDb.MEMORY) + "." + DuckDb.quote(schema(datasets, loadId));
    List<String> statements = new ArrayList<>();
    statements.add("CREATE SCHEMA IF NOT EXISTS " + schema);
    for (String table : TABLES) {
      statements.add(
          DuckDb.createTable(
              table(datasets, loadId, table),
              table.equals(Tables.DEAD_LETTER)
                  ? Tables.DEAD_LETTER_COLUMNS
                  : Tables.EVENT_COLUMNS));
    }
    try (Statement s = c.createStatement()) {
      s.execute(String.join(";\n", statements));
    }
  }

  /** Drops the load's landing tables and frees their memory; on a connection in auto-commit. */
  static synchronized void drop(Connection c, Datasets datasets, String loadId)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "DROP SCHEMA IF EXISTS "
              + DuckDb.quote(DuckDb.MEMORY)
              + "."
              + DuckDb.quote(schema(datasets, loadId))
              + " CASCADE");
    }
  }
}
