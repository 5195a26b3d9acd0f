package dev.ghevents.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * goccy/bigquery-emulator, the real program, started on free loopback ports for one test class and
 * stopped after it. The binary is built from the Go module proxy by {@code make emulator} (which
 * {@code make test} runs first); without it the tests fail rather than skip.
 */
public final class BigQueryEmulator implements AutoCloseable {
  /** Where {@code make emulator} puts the binary, unless -Dghevents.bigqueryEmulator says. */
  public static final String DEFAULT_BINARY = ".tools/bin/bigquery-emulator";

  private final Process process;
  private final String endpoint;
  private final Path log;

  private BigQueryEmulator(Process process, String endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts the emulator with {@code project} and waits until its API answers. */
  public static BigQueryEmulator start(String project) throws IOException, InterruptedException {
    Path binary =
        Path.of(System.getProperty("ghevents.bigqueryEmulator", DEFAULT_BINARY)).toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "the BigQuery emulator is not at "
              + binary
              + ": build it with `make emulator` (make test does)");
    }
    int port = freePort();
    int grpcPort = freePort();
    Path log = Files.createTempFile("bigquery-emulator", ".log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--project=" + project,
                "--host=127.0.0.1",
                "--port=" + port,
                "--grpc-port=" + grpcPort,
                "--log-level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String endpoint = "http://127.0.0.1:" + port;
    BigQueryEmulator emulator = new BigQueryEmulator(process, endpoint, log);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!emulator.answers(project)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        emulator.close();
        throw new IllegalStateException(
            "the BigQuery emulator did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return emulator;
  }

  /** The API's root URL, for {@code --bigqueryEndpoint}. */
  public String endpoint() {
    return endpoint;
  }

  /** What the emulator printed, for a failing test's message. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private boolean answers(String project) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create(endpoint + "/bigquery/v2/projects/" + project + "/datasets")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      return c.getResponseCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
