package dev.ghevents.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's {@code main} in a JVM of its own, as {@code make run} starts it, so a test can
 * kill it with SIGKILL or run two at once against one DuckDB file.
 */
public final class ChildRun {
  private final Process process;
  private final Path log;

  private ChildRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * @param pauseAt a {@link PausePoint} to stop at, or null to run to the end
   */
  public static ChildRun start(Path log, String pauseAt, List<String> args) throws IOException {
    return start(log, pauseAt, "1g", args);
  }

  /**
   * @param heap the child's {@code -Xmx}, e.g. {@code 1g}
   */
  public static ChildRun start(Path log, String pauseAt, String heap, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    if (pauseAt != null) {
      command.add("-Dghevents.pauseAt=" + pauseAt);
    }
    // The test JVM's class path (surefire's booter jar names the rest in its manifest).
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(pauseAt == null ? "dev.ghevents.GhEventsPipeline" : PausingMain.class.getName());
    command.add("--enforceImmutability=false");
    command.add("--enforceEncodability=false");
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildRun(process, log);
  }

  /** Waits until the run has printed {@code text}. */
  public void awaitOutput(String text, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!output().contains(text)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("the run never printed '" + text + "':\n" + output());
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL, as the OOM killer or a lost machine would: no shutdown hook runs. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the run did not end in " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }
}
