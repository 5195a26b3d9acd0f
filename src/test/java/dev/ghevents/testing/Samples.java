package dev.ghevents.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The real GH Archive hours bundled in {@code samples/}, and ways to make test hours from them. */
public final class Samples {
  /** Tests run with the project root as working directory. */
  public static final Path DIR = Path.of("samples").toAbsolutePath();

  public static final String WHOLE_HOUR = "2015-01-01-12";
  public static final List<String> EXCERPT_HOURS =
      List.of("2021-07-21-6", "2021-07-21-7", "2021-07-21-8", "2021-07-21-9");

  private Samples() {}

  public static Path file(String hour) {
    return DIR.resolve(hour + ".json.gz");
  }

  /** Every line of a bundled hour. */
  public static List<String> lines(String hour) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file(hour)))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ArrayList<>(Arrays.asList(text.split("\n")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read sample " + hour, e);
    }
  }

  /** The gzip of {@code lines}, one per line, each ending in a newline, as GH Archive serves. */
  public static byte[] gzip(List<String> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code lines} as the hour file {@code hour} into {@code folder}; returns its path. */
  public static Path writeHour(Path folder, String hour, List<String> lines) {
    return writeBytes(folder, hour, gzip(lines));
  }

  public static Path writeBytes(Path folder, String hour, byte[] bytes) {
    try {
      Files.createDirectories(folder);
      return Files.write(folder.resolve(hour + ".json.gz"), bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
