package dev.ghevents.warehouse.duckdb;

import dev.ghevents.warehouse.sql.Sql;
import dev.ghevents.warehouse.sql.SqlDialect;
import dev.ghevents.warehouse.sql.SqlRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine-neutral SQL on DuckDB, on one connection (so inside the caller's transaction): a
 * parameter is a cast positional {@code ?}, bound once per place it appears.
 */
final class DuckDbSql implements SqlDialect {
  private final Connection connection;

  DuckDbSql(Connection connection) {
    this.connection = connection;
  }

  @Override
  public String table(String dataset, String table) {
    return DuckDb.qualified(dataset, table);
  }

  private PreparedStatement prepare(Sql sql) throws SQLException {
    String text =
        sql.render(
            r ->
                switch (r.type()) {
                  case STRING -> "CAST(? AS VARCHAR)";
                  case INT64 -> "CAST(? AS BIGINT)";
                  case TIMESTAMP -> "CAST(? AS TIMESTAMP)";
                  case STRING_ARRAY -> "CAST(? AS VARCHAR[])";
                });
    List<Sql.Reference> order = sql.references();
    PreparedStatement s = connection.prepareStatement(text);
    try {
      for (int i = 0; i < order.size(); i++) {
        Object v = sql.value(order.get(i));
        switch (order.get(i).type()) {
          case TIMESTAMP ->
              s.setObject(i + 1, LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
          case STRING_ARRAY ->
              s.setObject(
                  i + 1, connection.createArrayOf("VARCHAR", ((List<?>) v).toArray(Object[]::new)));
          default -> s.setObject(i + 1, v);
        }
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public List<SqlRow> query(Sql sql) {
    try (PreparedStatement s = prepare(sql);
        ResultSet r = s.executeQuery()) {
      int n = r.getMetaData().getColumnCount();
      List<SqlRow> rows = new ArrayList<>();
      while (r.next()) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = r.getObject(i + 1);
        }
        rows.add(new SqlRow(values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void execute(Sql sql) {
    try (PreparedStatement s = prepare(sql)) {
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
