package io.falcocorrelator.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.ContextState;
import io.falcocorrelator.correlate.codec.StateCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** The store's upgrade path and its index: what a restart reads, and what it reads later. */
class DurableStateTest {
  private static final ContextKey KEY = new ContextKey("node-1", "7c3e9a1f4b2d", "");

  static {
    RocksDB.loadLibrary();
  }

  private static byte[] golden() throws Exception {
    try (InputStream in = DurableStateTest.class.getResourceAsStream("/state/context-state-v1.json")) {
      return in.readAllBytes();
    }
  }

  /** Writes column families by hand, as an older build (or a damaged disk) left them. */
  private static void writeRaw(Path dir, List<String> families, String family, byte[] key, byte[] value) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (String f : families) {
      descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      db.put(handles.get(1 + families.indexOf(family)), key, value);
      handles.forEach(ColumnFamilyHandle::close);
    }
  }

  @Test
  void aStoreFromBeforeTheIndexIsReadWholeOnceThenLazily(@TempDir Path dir) throws Exception {
    // The first build's layout: no context_index, the golden version-1 state in "contexts".
    writeRaw(dir, List.of("journal", "contexts"), "contexts", DurableState.key(KEY), golden());
    ContextState expected = StateCodec.decode(golden());
    List<String> warnings = new ArrayList<>();
    try (DurableState s = DurableState.open(dir, false, warnings::add)) {
      DurableState.Recovered r = s.recover(warnings::add);
      assertThat(r.contexts()).singleElement().satisfies(c -> {
        assertThat(c.key()).isEqualTo(KEY);
        assertThat(c.state()).as("decoded: there was no index").isEqualTo(expected);
      });
    }
    try (DurableState s = DurableState.open(dir, false, warnings::add)) {
      DurableState.Recovered r = s.recover(warnings::add);
      assertThat(r.contexts()).singleElement().satisfies(c -> {
        assertThat(c.key()).isEqualTo(KEY);
        assertThat(c.lastSeen()).isEqualTo(expected.lastSeen().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(c.state()).as("from the index, read on first use").isNull();
      });
      assertThat(s.load(KEY, warnings::add)).isEqualTo(expected);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void contextsComeBackOldestFirstWithKeysThatNeedNoEscaping(@TempDir Path dir) throws Exception {
    ContextState base = StateCodec.decode(golden());
    // A NUL in a hostname cannot confuse the index: its parts are length-prefixed.
    ContextKey odd = new ContextKey("node\u0000x", "id\u0000y", "cluster-ü");
    ContextState older = new ContextState(base.schemaVersion(), odd, base.info(), base.evidence(), base.fired(),
        base.recent(), base.firstEventTime(), base.latestEventTime(), base.lastSeen().minusSeconds(60));
    try (DurableState s = DurableState.open(dir, false, w -> { })) {
      s.apply(List.of(), Map.of(KEY, base, odd, older), List.of());
    }
    try (DurableState s = DurableState.open(dir, false, w -> { })) {
      DurableState.Recovered r = s.recover(w -> { });
      assertThat(r.contexts()).extracting(DurableState.Stored::key).containsExactly(odd, KEY);
      assertThat(s.load(odd, w -> { })).isEqualTo(older);
      s.apply(List.of(), Map.of(), List.of(odd));
    }
    try (DurableState s = DurableState.open(dir, false, w -> { })) {
      assertThat(s.recover(w -> { }).contexts()).extracting(DurableState.Stored::key).containsExactly(KEY);
      assertThat(s.load(odd, w -> { })).isNull();
    }
  }

  @Test
  void aCorruptedStoredStateIsReportedAndDroppedWhenFirstRead(@TempDir Path dir) throws Exception {
    try (DurableState s = DurableState.open(dir, false, w -> { })) {
      s.apply(List.of(), Map.of(KEY, StateCodec.decode(golden())), List.of());
    }
    writeRaw(dir, List.of("journal", "contexts", "context_index"), "contexts", DurableState.key(KEY),
        "{\"v\":1,\"key\":".getBytes(StandardCharsets.UTF_8));
    List<String> warnings = new ArrayList<>();
    try (DurableState s = DurableState.open(dir, false, warnings::add)) {
      assertThat(s.recover(warnings::add).contexts()).hasSize(1);
      assertThat(s.load(KEY, warnings::add)).isNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> assertThat(w).contains("node-1/7c3e9a1f4b2d").contains("dropped"));
  }
}
