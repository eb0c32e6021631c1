package io.switchboard.cluster.membership;

/**
 * XXH64 (xxHash, 64-bit, seed 0): a fast, well-mixed, fully specified hash. Every JVM, version and
 * machine computes the same value for the same bytes, which is what placement needs; {@link
 * String#hashCode()} is too weak and {@code HashMap}-style seeds differ per JVM.
 *
 * <p>A straight port of the reference algorithm (https://github.com/Cyan4973/xxHash, {@code
 * doc/xxhash_spec.md}); the unit tests check it against {@code xxhsum -H64}. Public because shard
 * assignment ({@code io.switchboard.cluster.shard.Shards}) hashes names with it too. Pure and
 * thread-safe.
 */
public final class Xxh64 {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private Xxh64() {}

  /** The XXH64 hash of {@code input} with seed 0. */
  public static long hash(byte[] input) {
    int length = input.length;
    int i = 0;
    long h;
    if (length >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      int limit = length - 32;
      do {
        v1 = round(v1, longAt(input, i));
        v2 = round(v2, longAt(input, i + 8));
        v3 = round(v3, longAt(input, i + 16));
        v4 = round(v4, longAt(input, i + 24));
        i += 32;
      } while (i <= limit);
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = P5;
    }
    h += length;
    for (; i + 8 <= length; i += 8) {
      h ^= round(0, longAt(input, i));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (i + 4 <= length) {
      h ^= (intAt(input, i) & 0xFFFF_FFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    for (; i < length; i++) {
      h ^= (input[i] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    return avalanche(h);
  }

  private static long round(long acc, long lane) {
    return Long.rotateLeft(acc + lane * P2, 31) * P1;
  }

  private static long mergeRound(long acc, long v) {
    return (acc ^ round(0, v)) * P1 + P4;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    return h ^ (h >>> 32);
  }

  private static long longAt(byte[] b, int i) {
    return (intAt(b, i) & 0xFFFF_FFFFL) | ((long) intAt(b, i + 4) << 32);
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xFF)
        | (b[i + 1] & 0xFF) << 8
        | (b[i + 2] & 0xFF) << 16
        | (b[i + 3] & 0xFF) << 24;
  }
}
