package dev.ghevents.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip stream at deflate level 1 compressed on every core: the bytes are cut into blocks of
 * {@link #BLOCK} bytes, each compressed on a shared pool as a gzip member of its own and written in
 * order. Members may follow one another in a gzip file (RFC 1952; the lake's hour files are joined
 * from parts that way already) and every gzip reader reads them as one stream.
 *
 * <p>Why: deflating a 2024 hour's lines (750 MB) took 3.4 s of one core, the largest stage but the
 * commit, while the local runner runs its stages one at a time and leaves the other cores idle.
 * Level 1 because level 6 costs more CPU than parsing the lines, for files only somewhat smaller.
 * Blocks of 1 MB lose little: deflate looks back 32 KB only.
 */
final class ParallelGzipOutputStream extends OutputStream {
  /** Bytes per gzip member. */
  static final int BLOCK = 1 << 20;

  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t = new Thread(r, "lake-gzip-" + THREAD_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final OutputStream out;

  /** Blocks being compressed, oldest first; at most one per thread, so memory stays bounded. */
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();

  /**
   * The block being filled, or null until the next write: the first starts small and grows, as most
   * event types of an hour are a few MB or less.
   */
  private byte[] block;

  private int used;
  private boolean anyMember;
  private boolean closed;

  ParallelGzipOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    room();
    block[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      room();
      int n = Math.min(len, block.length - used);
      System.arraycopy(b, off, block, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** Makes room in the block for at least one byte. */
  private void room() throws IOException {
    if (closed) {
      throw new IOException("the gzip stream is closed");
    }
    if (block == null) {
      block = new byte[anyMember ? BLOCK : 1 << 16];
    } else if (used == block.length) {
      if (block.length < BLOCK) {
        block = Arrays.copyOf(block, Math.min(BLOCK, block.length * 2));
      } else {
        submit();
        block = new byte[BLOCK];
      }
    }
  }

  private void submit() throws IOException {
    byte[] data = block;
    int length = used;
    inFlight.add(POOL.submit(() -> compress(data, length)));
    anyMember = true;
    block = null;
    used = 0;
    while (inFlight.size() > THREADS) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    Future<byte[]> oldest = inFlight.poll();
    try {
      out.write(oldest.get());
    } catch (ExecutionException e) {
      throw new IOException("cannot compress a block of the lake file: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a lake file");
    }
  }

  private static byte[] compress(byte[] data, int length) throws IOException {
    ByteArrayOutputStream member = new ByteArrayOutputStream(Math.max(64, length / 4));
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(member, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gzip.write(data, 0, length);
    }
    return member.toByteArray();
  }

  /** Compresses what is left, writes every member in order and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (used > 0 || !anyMember) {
        // An empty stream is still one (empty) member: a file of no bytes is not gzip.
        if (block == null) {
          block = new byte[0];
        }
        submit();
      }
      while (!inFlight.isEmpty()) {
        writeOldest();
      }
    } finally {
      inFlight.forEach(f -> f.cancel(false));
      out.close();
    }
  }
}
