package dev.ghevents.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a DuckDB warehouse file after a run, with a connection of its own. */
public final class Warehouses {
  private Warehouses() {}

  /**
   * How many landing tables the file holds: none, since landing is in memory (DuckDbMemoryLanding),
   * so a run leaves none behind, whether it committed or died.
   */
  public static long landingTablesInTheFile(String path) {
    return count(
        path,
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name LIKE '"
            + dev.ghevents.warehouse.Datasets.DEFAULT.landing()
            + "%'");
  }

  public static long count(String path, String sql) {
    return ((Number) rows(path, sql).get(0).values().iterator().next()).longValue();
  }

  /** Every row of {@code sql}, as column name → value, in order. */
  public static List<Map<String, Object>> rows(String path, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + path);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          Object value = r.getObject(i);
          row.put(r.getMetaData().getColumnLabel(i), value);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed on " + path + ": " + sql, e);
    }
  }

  /** {@code table → count(*)} for every staging table with rows. */
  public static Map<String, Long> stagingCounts(String path) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map<String, Object> row :
        rows(
            path,
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gharchive_staging'"
                + " ORDER BY table_name")) {
      String table = (String) row.get("table_name");
      long n = count(path, "SELECT count(*) FROM gharchive_staging." + table);
      if (n > 0) {
        counts.put(table, n);
      }
    }
    return counts;
  }

  /**
   * Every staging row, as text, in a fixed order: what a run loaded, without what differs between
   * runs of the same hours (the load, the merge time, the lake folder). Two warehouses with equal
   * lists hold the same events, row for row.
   */
  public static List<String> stagingRows(String path) {
    List<String> all = new ArrayList<>();
    for (String table : stagingCounts(path).keySet()) {
      for (Map<String, Object> row :
          rows(
              path,
              "SELECT id, type, created_at, public, actor_id, actor_login, actor_display_login,"
                  + " repo_id, repo_name, org_id, org_login, payload::VARCHAR AS payload,"
                  + " other::VARCHAR AS other, source_hour,"
                  + " regexp_extract(source_file, '[^/]+$') AS file, source_line FROM"
                  + " gharchive_staging."
                  + table
                  + " ORDER BY id")) {
        all.add(table + " " + row);
      }
    }
    return all;
  }
}
