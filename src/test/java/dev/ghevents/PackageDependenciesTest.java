package dev.ghevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production packages' imports form no cycle: each package depends only on packages "below" it
 * (the stages share hours and the ledger through {@code ledger}, never through each other).
 */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(dev\\.ghevents(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertTrue(graph.size() >= 10, "packages found: " + graph.keySet());
    List<List<String>> cycles = cycles(graph);
    assertEquals(List.of(), cycles, "import cycles between packages");
  }

  @Test
  void theSharedPackagesDependOnNoStage() throws IOException {
    Map<String, Set<String>> graph = graph();
    for (String shared :
        List.of("dev.ghevents.ledger", "dev.ghevents.model", "dev.ghevents.hours")) {
      for (String stage :
          List.of(
              "dev.ghevents.fetch",
              "dev.ghevents.read",
              "dev.ghevents.load",
              "dev.ghevents.warehouse")) {
        assertTrue(
            !graph.getOrDefault(shared, Set.of()).contains(stage), shared + " imports " + stage);
      }
    }
    // The run's options know no warehouse implementation: each warehouse reads its own options
    // into its own configuration, and the pipeline's main chooses between them.
    for (String implementation :
        List.of("dev.ghevents.warehouse.bigquery", "dev.ghevents.warehouse.duckdb")) {
      assertTrue(
          !graph.get("dev.ghevents.options").contains(implementation),
          "options imports " + implementation);
    }
  }

  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher p = PACKAGE.matcher(text);
        assertTrue(p.find(), file + " has no package");
        Set<String> deps = graph.computeIfAbsent(p.group(1), k -> new TreeSet<>());
        Matcher i = IMPORT.matcher(text);
        while (i.find()) {
          if (!i.group(1).equals(p.group(1))) {
            deps.add(i.group(1));
          }
        }
      }
    }
    return graph;
  }

  /** The strongly connected components with more than one package (Tarjan). */
  private static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<List<String>> found = new ArrayList<>();
    int[] next = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, found, next);
      }
    }
    return found;
  }

  private static void connect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<List<String>> found,
      int[] next) {
    index.put(v, next[0]);
    low.put(v, next[0]);
    next[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, found, next);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
