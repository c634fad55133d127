package io.falcocorrelator.event;

import java.util.List;

/**
 * What one {@link AlertReader}'s parsers remember from the alerts they read, to share values and
 * skip work on the next: the canonical strings (rule names, sources, hostnames, tags, field names)
 * and, for {@link FlatAlertParser}, what it last read at each position. One per reader, never
 * process-wide: a reader's behaviour depends only on what that reader has read, so journal replay,
 * the Streams processors and each receiver keep apart, and a test starts cold.
 *
 * <p>A reader used by several threads (the receiver's IO threads) shares its memory between them
 * without locks: every slot holds an immutable entry, so a racing write only costs a later miss.
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

  /** Tag lists by their JSON text. */
  final ByteKeyedCache<List<String>> tagLists = new ByteKeyedCache<>();

  // A generic array cannot be created directly; every element stored is an Entry<T>.
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> ByteKeyedCache.Entry<T>[] entries(int n) {
    return new ByteKeyedCache.Entry[n];
  }
}
