package dev.ghevents.warehouse.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement of the engine-neutral SQL both warehouses run: text whose parameters are written
 * {@code @{name:TYPE}} ({@link #param}), and their values. Each warehouse renders it in its own
 * dialect (BigQuery: {@code CAST(@name AS TYPE)}; DuckDB: a positional {@code ?}); values are never
 * written into the text.
 *
 * @param text the statement, with parameter references
 * @param values the parameters' values by name: {@code String}, {@code Long}, {@code
 *     java.time.Instant} or {@code List<String>}, as their {@link SqlType} says
 */
public record Sql(String text, Map<String, Object> values) {
  private static final Pattern PARAMETER = Pattern.compile("@\\{([a-z_0-9]+):([A-Z_0-9]+)}");

  public Sql {
    values = Map.copyOf(values);
  }

  public static Sql of(String text) {
    return new Sql(text, Map.of());
  }

  /** How the text refers to parameter {@code name} of {@code type}. */
  public static String param(String name, SqlType type) {
    return "@{" + name + ":" + type + "}";
  }

  /** This statement with parameter {@code name} set to {@code value}. */
  public Sql with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(values);
    more.put(name, value);
    return new Sql(text, more);
  }

  /** A parameter reference as it appears in the text. */
  public record Reference(String name, SqlType type) {}

  private static Reference reference(MatchResult m) {
    return new Reference(m.group(1), SqlType.valueOf(m.group(2)));
  }

  /** The text with every parameter reference replaced by {@code as}'s text for it. */
  public String render(Function<Reference, String> as) {
    return PARAMETER
        .matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(as.apply(reference(m))));
  }

  /** The parameter references in the order they appear (a name used twice, twice). */
  public List<Reference> references() {
    return PARAMETER.matcher(text).results().map(Sql::reference).toList();
  }

  /** The value of {@code r}; an unset parameter is a bug in the caller, named here. */
  public Object value(Reference r) {
    if (!values.containsKey(r.name())) {
      throw new IllegalArgumentException("parameter " + r.name() + " is not set in: " + text);
    }
    return values.get(r.name());
  }
}
