package dev.ghevents.warehouse.bigquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import dev.ghevents.GhEventsOptions;
import dev.ghevents.GhEventsPipeline;
import dev.ghevents.hours.GhHour;
import dev.ghevents.lake.LakeLayout;
import dev.ghevents.model.EventTypes;
import dev.ghevents.options.RunConfig;
import dev.ghevents.testing.Runs;
import dev.ghevents.testing.Samples;
import dev.ghevents.warehouse.Column;
import dev.ghevents.warehouse.Tables;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline's landing writes into BigQuery through BigQueryIO itself, with Beam's own fakes of
 * the BigQuery services ({@link FakeDatasetService}, {@link FakeJobService}), once per write
 * method. The input is every bundled sample hour plus an hour of real lines with bad ones among
 * them; each landed value is checked against the line it came from, read here with Jackson, not
 * with the pipeline's parser.
 */
class BigQueryLandingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LANDING = "gharchive_landing";
  private static final String REFUSED_ID = "90000000010";

  @ParameterizedTest
  @EnumSource(LandingWriteMethod.class)
  void everyEventLandsInItsTypesTableWithEveryValueAndEveryBadLineIsADeadLetter(
      LandingWriteMethod method, @TempDir Path dir) throws Exception {
    // A project per method: the fakes keep state in static fields that setUp() does not fully
    // reset (write streams), and rows of one method must not pass for another's.
    String project = "ghevents-test-" + method.ordinal();
    Path source = dir.resolve("source");
    List<String> samples = new ArrayList<>(Samples.EXCERPT_HOURS);
    samples.add(Samples.WHOLE_HOUR);
    Map<String, List<String>> sampleLines = new java.util.LinkedHashMap<>();
    for (String hour : samples) {
      sampleLines.put(hour, Samples.lines(hour));
      Samples.writeHour(source, hour, sampleLines.get(hour));
    }
    List<String> real = sampleLines.get("2021-07-21-6");
    List<String> bad = new ArrayList<>(real.subList(0, 5));
    bad.add("{\"id\": \"1\", \"type\": "); // line 6: cut JSON
    bad.add(withId(real.get(5), REFUSED_ID, e -> {})); // line 7: the fake refuses it
    // line 8: 10 MB of payload, over the Storage Write API's append limit
    bad.add(
        withId(
            real.get(6),
            "90000000011",
            e -> ((ObjectNode) e.get("payload")).put("blob", "x".repeat(10_000_000))));
    Samples.writeHour(source, "2021-07-21-10", bad);

    FakeDatasetService.setUp();
    FakeJobService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset(project, LANDING, "", "", null);
    // What prepare() does before every run: the landing tables exist when the writes start.
    for (String table : EventTypes.allTables()) {
      createTable(datasets, project, table, Tables.EVENT_COLUMNS);
    }
    createTable(datasets, project, Tables.DEAD_LETTER, Tables.DEAD_LETTER_COLUMNS);
    datasets.setShouldFailRow(
        (Function<TableRow, Boolean> & Serializable) row -> REFUSED_ID.equals(row.get("id")));
    FakeBigQueryServices services =
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService());

    GhEventsOptions options =
        Runs.options(
            "--hours=" + String.join(",", samples) + ",2021-07-21-10",
            "--source=" + source,
            "--lake=" + dir.resolve("lake"),
            "--warehouse=BIGQUERY",
            "--bigqueryProject=" + project,
            "--writeMethod=" + method,
            "--loadId=fake_" + method,
            "--tempLocation=" + dir.resolve("tmp"));
    RunConfig config = GhEventsPipeline.configure(options, Runs.CLOCK);
    BigQueryWarehouse warehouse =
        ((BigQueryWarehouse) config.warehouse().open(config.loadId())).withTestServices(services);
    Instant started = Instant.now();
    Pipeline pipeline = Pipeline.create(options);
    GhEventsPipeline.land(pipeline, config, warehouse);
    pipeline.run().waitUntilFinish();

    Map<String, TableRow> landed = new HashMap<>();
    int landedRows = 0;
    for (String table : EventTypes.allTables()) {
      for (TableRow row : rowsOf(project, table)) {
        landedRows++;
        row.set("_table", table);
        landed.put(row.get("source_file") + "#" + row.get("source_line"), row);
      }
    }
    boolean storageApi = method != LandingWriteMethod.FILE_LOADS;
    int sampleEvents = sampleLines.values().stream().mapToInt(List::size).sum();
    int expectedRows = sampleEvents + 5 + (storageApi ? 0 : 2);
    assertEquals(expectedRows, landedRows, "rows in all landing tables");
    assertEquals(expectedRows, landed.size(), "one row per source line");

    for (Map.Entry<String, List<String>> hour : sampleLines.entrySet()) {
      checkHour(landed, hour.getKey(), hour.getValue(), hour.getValue().size(), config, started);
    }
    checkHour(landed, "2021-07-21-10", bad, storageApi ? 5 : 7, config, started);

    Map<Long, TableRow> deadLetters = new HashMap<>();
    for (TableRow row : rowsOf(project, "dead_letter")) {
      deadLetters.put(Long.parseLong(row.get("line_number").toString()), row);
      assertEquals("fake_" + method, row.get("load_id"));
      assertTrue(
          row.get("source_file").toString().endsWith("raw/2021-07-21/2021-07-21-10.json.gz"));
      assertEquals(Instant.parse("2021-07-21T10:00:00Z"), timestamp(row.get("source_hour")));
    }
    TableRow cut = deadLetters.get(6L);
    assertEquals("parse", cut.get("stage"));
    assertEquals(bad.get(5), cut.get("raw_line"));
    if (storageApi) {
      assertEquals(3, deadLetters.size(), "dead letters: " + deadLetters.keySet());
      TableRow refused = deadLetters.get(7L);
      assertEquals("land", refused.get("stage"));
      assertTrue(refused.get("error").toString().startsWith("BigQuery refused the row"));
      assertEquals(bad.get(6), refused.get("raw_line"));
      TableRow large = deadLetters.get(8L);
      assertEquals("land", large.get("stage"));
      assertTrue(large.get("error").toString().contains("10 MB append request limit"));
      assertEquals(bad.get(7).length(), Long.parseLong(large.get("raw_bytes").toString()));
      assertEquals(65_536, large.get("raw_line").toString().length());
    } else {
      assertEquals(1, deadLetters.size(), "load jobs take rows up to 100 MB: only the cut line");
    }
  }

  /** Checks every landed column of every line of {@code hour} that is an event. */
  private static void checkHour(
      Map<String, TableRow> landed,
      String hour,
      List<String> lines,
      int events,
      RunConfig config,
      Instant started)
      throws Exception {
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e;
      try {
        e = JSON.readTree(lines.get(i));
      } catch (Exception notJson) {
        continue;
      }
      String file = new LakeLayout(config.lake()).rawFile(GhHour.parse(hour));
      TableRow row = landed.get(file + "#" + (i + 1));
      if (row == null) {
        continue;
      }
      checked++;
      String where = hour + " line " + (i + 1);
      assertEquals(EventTypes.tableOf(e.get("type").asText()), row.get("_table"), where);
      assertEquals(e.get("id").asText(), row.get("id"), where);
      assertEquals(e.get("type").asText(), row.get("type"), where);
      assertEquals(Instant.parse(e.get("created_at").asText()), timestamp(row.get("created_at")));
      // The fakes hand BOOL back as text.
      assertEquals(e.get("public").asText(), String.valueOf(row.get("public")), where);
      assertEquals(e.at("/actor/id").asLong(), asLong(row.get("actor_id")), where);
      assertEquals(e.at("/actor/login").asText(), row.get("actor_login"), where);
      // 2015's events have no display_login: the column is NULL, not empty.
      assertEquals(textOrNull(e.at("/actor/display_login")), row.get("actor_display_login"), where);
      assertEquals(e.at("/repo/id").asLong(), asLong(row.get("repo_id")), where);
      assertEquals(e.at("/repo/name").asText(), row.get("repo_name"), where);
      if (e.has("org")) {
        assertEquals(e.at("/org/id").asLong(), asLong(row.get("org_id")), where);
        assertEquals(e.at("/org/login").asText(), row.get("org_login"), where);
      } else {
        assertNull(row.get("org_id"), where);
        assertNull(row.get("org_login"), where);
      }
      assertEquals(e.get("payload"), JSON.readTree(row.get("payload").toString()), where);
      assertNull(row.get("other"), where);
      assertEquals(GhHour.parse(hour).start(), timestamp(row.get("source_hour")), where);
      assertEquals(config.loadId(), row.get("load_id"), where);
      Instant loadedAt = timestamp(row.get("loaded_at"));
      assertNotNull(loadedAt, where);
      assertTrue(!loadedAt.isBefore(started.minusSeconds(1)), where + ": loaded_at " + loadedAt);
    }
    assertEquals(events, checked, "events of " + hour + " checked");
  }

  private static List<TableRow> rowsOf(String project, String table) throws Exception {
    return new FakeDatasetService().getAllRows(project, LANDING, table);
  }

  private static void createTable(
      FakeDatasetService datasets, String project, String table, List<Column> columns)
      throws Exception {
    datasets.createTable(
        new Table()
            .setTableReference(
                new TableReference().setProjectId(project).setDatasetId(LANDING).setTableId(table))
            .setSchema(BigQuerySchemas.tableSchema(columns)));
  }

  private static String withId(
      String line, String id, java.util.function.Consumer<ObjectNode> change) throws Exception {
    ObjectNode e = (ObjectNode) JSON.readTree(line);
    e.put("id", id);
    change.accept(e);
    return JSON.writeValueAsString(e);
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  /** A TIMESTAMP as the fakes hand it back: our text form, ISO, or epoch microseconds. */
  private static Instant timestamp(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    if (text.matches("-?\\d+")) {
      long micros = Long.parseLong(text);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    // Our text form, "2021-07-21 06:00:00.000000 UTC", and the fake's rendering of what it
    // stored, "2021-07-21 T06:00:00", name the same instant; so does ISO.
    String iso = text.replace(" UTC", "").replace(" T", "T").replace(' ', 'T').replace("Z", "");
    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
  }
}
