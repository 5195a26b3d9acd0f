package dev.ghevents.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  /** The JDK's strict decoder, the reference the validator must agree with. */
  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnEveryShortSequenceAndRandomBytes() {
    // Every one- and two-byte sequence, and every lead byte with every second byte before
    // an ASCII tail: the boundaries (overlongs, surrogates, above U+10FFFF) all sit there.
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        for (byte[] bytes :
            new byte[][] {
              {(byte) a, (byte) b},
              {(byte) a, (byte) b, (byte) 0x80, (byte) 0x80},
              {(byte) a, (byte) b, (byte) 0x80},
              {'x', (byte) a, (byte) b, (byte) 0xbf, 'y'}
            }) {
          assertEquals(jdkAccepts(bytes), Utf8.isWellFormed(bytes, 0, bytes.length), hex(bytes));
        }
      }
    }
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      assertEquals(jdkAccepts(bytes), Utf8.isWellFormed(bytes, 0, bytes.length), hex(bytes));
    }
  }

  @Test
  void keepsWellFormedBytesAndRepairsTheRestAsTheDecoderWould() {
    byte[] text = "{\"login\":\"Zoë 🚀 中文\"}".getBytes(StandardCharsets.UTF_8);
    byte[] framed = new byte[text.length + 2];
    System.arraycopy(text, 0, framed, 1, text.length);
    assertTrue(Utf8.isWellFormed(text, 0, text.length));
    assertArrayEquals(text, Utf8.wellFormed(framed, 1, text.length));

    // A lone continuation byte, a truncated 3-byte sequence and a truncated encoded surrogate.
    byte[] bad = {'{', (byte) 0x80, 'a', (byte) 0xe4, (byte) 0xb8, '}', (byte) 0xed, (byte) 0xa0};
    assertFalse(Utf8.isWellFormed(bad, 0, bad.length));
    byte[] repaired = Utf8.wellFormed(bad, 0, bad.length);
    assertEquals(
        new String(bad, StandardCharsets.UTF_8), new String(repaired, StandardCharsets.UTF_8));
    assertTrue(Utf8.isWellFormed(repaired, 0, repaired.length));
    assertEquals("{\uFFFDa\uFFFD}\uFFFD", new String(repaired, StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
