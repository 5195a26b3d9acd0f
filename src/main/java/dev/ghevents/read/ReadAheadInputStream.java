package dev.ghevents.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream read ahead on a thread of its own: the thread reads (for an hour file, decompresses) the
 * next blocks while the caller splits the ones before into lines. Decompressing a 2024 hour takes
 * about 1 s of a core and splitting it half that, and the local runner's read stage runs on one
 * thread, so the two take turns on one core unless the decompression has a thread (README,
 * "Performance").
 *
 * <p>What the caller reads is exactly what the stream gives, in order: a stream that fails (a
 * truncated gzip) gives every byte read before the failure, then the failure itself, thrown by the
 * read that reaches it and by every read after. At most {@link #BLOCKS} blocks of {@link
 * #BLOCK_BYTES} wait at a time, reused, so memory stays at 2 MB whatever the file's size.
 */
final class ReadAheadInputStream extends InputStream {
  /** Under G1's half-region (512 KB for a 1 GB heap), so a block is not a humongous object. */
  static final int BLOCK_BYTES = 256 << 10;

  static final int BLOCKS = 8;

  /** A block read, the end of the stream, or the failure that ended it. */
  private record Block(byte[] bytes, int length, Throwable failure) {
    static final Block END = new Block(null, -1, null);
  }

  private final InputStream in;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS);
  private final BlockingQueue<Block> filled = new ArrayBlockingQueue<>(BLOCKS + 1);
  private final Thread reader;
  private volatile boolean closed;
  private Block current;
  private int pos;

  /** Once reached: the end, or the failure that every later read throws again. */
  private Block last;

  /**
   * Starts reading {@code in} ahead; {@link #close} stops the thread and closes {@code in}.
   *
   * @param name what the thread reads, for thread dumps (e.g. the hour)
   */
  ReadAheadInputStream(InputStream in, String name) {
    this.in = in;
    for (int i = 0; i < BLOCKS; i++) {
      free.add(new byte[BLOCK_BYTES]);
    }
    reader = new Thread(this::readAhead, "read-ahead " + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void readAhead() {
    try {
      while (!closed) {
        byte[] bytes = free.take();
        int n = 0;
        Throwable failure = null;
        try {
          while (n < bytes.length) {
            int r = in.read(bytes, n, bytes.length - n);
            if (r < 0) {
              break;
            }
            n += r;
          }
        } catch (IOException | RuntimeException | Error e) {
          failure = e;
        }
        // What was read before a failure is data too (a truncated gzip's readable prefix).
        if (n > 0) {
          filled.put(new Block(bytes, n, null));
        }
        if (failure != null) {
          filled.put(new Block(null, -1, failure));
          return;
        }
        if (n < bytes.length) {
          filled.put(Block.END);
          return;
        }
      }
    } catch (InterruptedException e) {
      // Closed by the caller: nobody reads what is left.
    } finally {
      closeQuietly();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read after close");
    }
    if (len == 0) {
      return 0;
    }
    if (current == null && !nextBlock()) {
      return -1;
    }
    int n = Math.min(len, current.length() - pos);
    System.arraycopy(current.bytes(), pos, b, off, n);
    pos += n;
    if (pos == current.length()) {
      free.add(current.bytes());
      current = null;
    }
    return n;
  }

  /** Takes the next block into {@link #current}; false at the end; throws the stream's failure. */
  private boolean nextBlock() throws IOException {
    if (last == null) {
      Block next;
      try {
        next = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the stream");
      }
      if (next.bytes() != null) {
        current = next;
        pos = 0;
        return true;
      }
      last = next;
    }
    if (last.failure() == null) {
      return false;
    }
    if (last.failure() instanceof IOException e) {
      throw e;
    }
    if (last.failure() instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) last.failure();
  }

  /** Stops reading ahead and closes the stream (on the reading thread, which may be inside it). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.interrupt();
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      // A read-only stream: nothing is lost if it does not close cleanly.
    }
  }
}
