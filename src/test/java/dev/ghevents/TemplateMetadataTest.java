package dev.ghevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template's {@code templates/metadata.json} against the pipeline's own options: the same
 * names and nothing else, the same help text, and regexes that accept what the options accept.
 */
class TemplateMetadataTest {
  private static final Path METADATA = Path.of("templates/metadata.json");
  private static Map<String, Method> options;
  private static Map<String, JsonNode> parameters;

  @BeforeAll
  static void read() throws Exception {
    options = new LinkedHashMap<>();
    for (Class<?> concern : ownOptionInterfaces(GhEventsOptions.class)) {
      for (Method m : concern.getDeclaredMethods()) {
        if (m.getName().startsWith("get") && m.getParameterCount() == 0) {
          String name = m.getName().substring(3);
          options.put(Character.toLowerCase(name.charAt(0)) + name.substring(1), m);
        }
      }
    }
    parameters = new LinkedHashMap<>();
    for (JsonNode p : new ObjectMapper().readTree(METADATA.toFile()).get("parameters")) {
      parameters.put(p.get("name").asText(), p);
    }
  }

  /** The option interfaces of this project that {@code type} extends, however deep. */
  private static java.util.Set<Class<?>> ownOptionInterfaces(Class<?> type) {
    java.util.Set<Class<?>> all = new java.util.LinkedHashSet<>();
    for (Class<?> parent : type.getInterfaces()) {
      if (parent.getName().startsWith("dev.ghevents.")) {
        all.add(parent);
        all.addAll(ownOptionInterfaces(parent));
      }
    }
    return all;
  }

  @Test
  void everyOptionIsAParameterAndNothingElse() {
    assertEquals(new TreeSet<>(options.keySet()), new TreeSet<>(parameters.keySet()));
    assertEquals(25, parameters.size());
  }

  @Test
  void eachParameterSaysWhatItsOptionSays() {
    for (Map.Entry<String, Method> option : options.entrySet()) {
      JsonNode p = parameters.get(option.getKey());
      assertEquals(
          option.getValue().getAnnotation(Description.class).value(),
          p.get("helpText").asText(),
          option.getKey());
      assertFalse(p.get("label").asText().isBlank(), option.getKey());
      // Only an option without a default can be required; --hours is the one the run needs.
      boolean hasDefault = defaultValue(option.getValue()) != null;
      assertEquals(
          !option.getKey().equals("hours"), p.get("isOptional").asBoolean(), option.getKey());
      assertTrue(hasDefault || p.get("isOptional").asBoolean() || option.getKey().equals("hours"));
    }
  }

  @Test
  void regexesAcceptTheValuesTheOptionsTake() {
    for (Map.Entry<String, Method> option : options.entrySet()) {
      Pattern regex =
          Pattern.compile(parameters.get(option.getKey()).get("regexes").get(0).asText());
      Class<?> type = option.getValue().getReturnType();
      if (type.isEnum()) {
        String constants =
            Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining("|"));
        assertEquals("^(" + constants + ")$", regex.pattern(), option.getKey());
      }
      String value = defaultValue(option.getValue());
      // The local defaults of the lake and the DuckDB file are what Dataflow refuses.
      if (value != null && !option.getKey().equals("lake")) {
        assertTrue(regex.matcher(value).matches(), option.getKey() + " default " + value);
      }
    }
    Pattern hours = Pattern.compile(parameters.get("hours").get("regexes").get(0).asText());
    assertTrue(hours.matcher("2024-01-01-5").matches());
    assertTrue(hours.matcher("auto").matches(), "what the hourly schedule passes");
    assertTrue(hours.matcher("2024-01-01-0..2024-01-01-23,2024-01-02-7").matches());
    assertFalse(hours.matcher("2024-01-01-05").matches(), "GH Archive never pads the hour");
    assertFalse(hours.matcher("2024-01-01-24").matches());
    Pattern lake = Pattern.compile(parameters.get("lake").get("regexes").get(0).asText());
    assertTrue(lake.matcher("gs://my-lake/gharchive").matches());
    assertFalse(lake.matcher("data/lake").matches());
  }

  @Test
  void theLauncherImageRunsThePipelinesMain() throws Exception {
    String dockerfile = Files.readString(Path.of("templates/Dockerfile"));
    Matcher main =
        Pattern.compile("FLEX_TEMPLATE_JAVA_MAIN_CLASS=\"([^\"]+)\"").matcher(dockerfile);
    assertTrue(main.find());
    assertEquals(GhEventsPipeline.class.getName(), main.group(1));
    assertTrue(dockerfile.contains("java17-template-launcher-base"));
    assertTrue(dockerfile.contains("COPY target/ghevents-bundled.jar"));
  }

  private static String defaultValue(Method m) {
    for (Annotation a : m.getAnnotations()) {
      if (a instanceof Default.String d) {
        return d.value();
      } else if (a instanceof Default.Integer d) {
        return String.valueOf(d.value());
      } else if (a instanceof Default.Long d) {
        return String.valueOf(d.value());
      } else if (a instanceof Default.Double d) {
        return String.valueOf(d.value());
      } else if (a instanceof Default.Boolean d) {
        return String.valueOf(d.value());
      } else if (a instanceof Default.Enum d) {
        return d.value();
      }
    }
    return null;
  }
}
