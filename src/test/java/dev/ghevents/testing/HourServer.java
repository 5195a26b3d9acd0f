package dev.ghevents.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that serves hour files the way a test scripts them: a file, a
 * 404, a 5xx, a body cut in the middle, or a stall. Each path plays its script in order, then
 * repeats the last.
 */
public final class HourServer implements AutoCloseable {
  /** One scripted response. */
  public sealed interface Reply permits Body, Status, CutBody, Stall {}

  public record Body(byte[] bytes) implements Reply {}

  public record Status(int code) implements Reply {}

  /** Announces the whole length, sends half, then drops the connection. */
  public record CutBody(byte[] bytes) implements Reply {}

  /** Sends the headers, then waits before the body. */
  public record Stall(byte[] bytes, long millis) implements Reply {}

  private final HttpServer server;
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  public HourServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** The base URL to pass as {@code --source}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Scripts the replies to {@code /HOUR.json.gz}. */
  public HourServer on(String hour, Reply... replies) {
    scripts.put("/" + hour + ".json.gz", new ArrayDeque<>(java.util.List.of(replies)));
    return this;
  }

  public int hits(String hour) {
    AtomicInteger n = hits.get("/" + hour + ".json.gz");
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Deque<Reply> script = scripts.get(path);
    Reply reply;
    if (script == null || script.isEmpty()) {
      reply = new Status(404);
    } else {
      synchronized (script) {
        reply = script.size() > 1 ? script.poll() : script.peek();
      }
    }
    try (exchange) {
      if (reply instanceof Body b) {
        exchange.sendResponseHeaders(200, b.bytes().length);
        exchange.getResponseBody().write(b.bytes());
      } else if (reply instanceof Status s) {
        exchange.sendResponseHeaders(s.code(), -1);
      } else if (reply instanceof CutBody c) {
        exchange.sendResponseHeaders(200, c.bytes().length);
        OutputStream out = exchange.getResponseBody();
        out.write(c.bytes(), 0, c.bytes().length / 2);
        out.flush();
        // Closing the exchange short of the announced length drops the connection.
      } else if (reply instanceof Stall s) {
        exchange.sendResponseHeaders(200, s.bytes().length);
        sleep(s.millis());
        exchange.getResponseBody().write(s.bytes());
      }
    } catch (IOException e) {
      // The client went away (a time-out or a cut the test asked for): nothing to do.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
