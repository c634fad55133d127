package io.falcocorrelator.event;

import java.util.List;

/**
 * What one {@link AlertReader}'s parsers remember from the alerts they read, to share values and
 * skip work on the next: the canonical strings (rule names, sources, hostnames, tags, field names)
 * and, for {@link FlatAlertParser}, what each thread last read at each position. One per reader,
 * never process-wide: a reader's behaviour depends only on what that reader has read, so journal
 * replay, the Streams processors and each receiver keep apart, and a test starts cold.
 *
 * <p>The caches are shared by every thread using the reader, without locks: every slot holds an
 * immutable entry, so a racing write only costs a later miss, and writes are rare (a miss on a
 * low-cardinality value). What was last read at each position is {@link Recent per thread}: it is
 * written on most alerts (a container id, a command line), and a memory shared by the receiver's
 * request threads had every such write invalidate the other threads' cached copy of the positions
 * they read for every field (measured: two threads parsed 33% slower sharing it than each with its
 * own; docs/performance.md).
 */
final class ParseMemory {
  /** How many output_fields positions are remembered. */
  static final int POSITIONS = 64;

  /** Rule names, priorities, sources, hostnames and tags. */
  final CanonicalStrings values = new CanonicalStrings();

  /**
   * Field names, interned as the general parser's are, so lookups by the mappings' names are
   * identity hits.
   */
  final CanonicalStrings names = new CanonicalStrings(true);

  /** Tag lists by their JSON text. */
  final ByteKeyedCache<List<String>> tagLists = new ByteKeyedCache<>();

  // Not static: each reader's threads have their own, dropped with the reader.
  private final ThreadLocal<Recent> recent = ThreadLocal.withInitial(Recent::new);

  /** What the calling thread last read through this memory. */
  Recent recent() {
    return recent.get();
  }

  /**
   * What one thread last read, position by position: the next alert of the same rule mostly repeats
   * it, and a comparison of bytes then stands for a lookup. At most a few kilobytes per thread:
   * {@link #POSITIONS} fields of at most 192 bytes, and references into the caches.
   */
  static final class Recent {
    /** The name entry last read at each output_fields position. */
    final ByteKeyedCache.Entry<String>[] lastNameAt = entries(POSITIONS);

    /**
     * The field last read at each output_fields position, keyed by its bytes (see {@link
     * FlatAlertParser}).
     */
    final ByteKeyedCache.Entry<FlatAlertParser.Field>[] lastFieldAt = entries(POSITIONS);

    /** The rule, priority, source and hostname last read, by the flat parser's key index. */
    final ByteKeyedCache.Entry<String>[] lastMember = entries(FlatAlertParser.KEY_COUNT);

    /** The tag list last read, without its closing bracket. */
    ByteKeyedCache.Entry<List<String>> lastTags;
  }

  // A generic array cannot be created directly; every element stored is an Entry<T>.
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ByteKeyedCache.Entry<T>[] entries(int n) {
    return new ByteKeyedCache.Entry[n];
  }
}
