package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.codec.CompositeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The durable output spool: a composite is written here before any delivery is attempted, and
 * removed only when every route for it has delivered or given up. Layout: {@code ID.json} holds the
 * composite and its routes (written to a temporary file, then atomically renamed, so a crash never
 * leaves half a file); {@code ID.ROUTE.done} marks a finished route. On restart, {@link #pending()}
 * lists what is still owed. Given up deliveries go to {@code dead-letter.ndjson}. With {@code
 * fsync}, every write is forced to disk (survives power loss, not only crashes).
 */
public final class Spool {
  public static final String DEAD_LETTER = "dead-letter.ndjson";
  static final String DELIVERED = ".delivered";

  /** How long delivered ids are remembered. */
  static final java.time.Duration TOMBSTONE_TTL = java.time.Duration.ofDays(7);

  private final Path dir;
  private final boolean fsync;
  private final Clock clock;

  /**
   * A spooled composite (or a status change of its incident), all its routes, and those it still
   * owes.
   */
  public record Entry(
      CompositeAlert alert, Optional<StatusUpdate> change, List<String> routes, List<String> owed) {
    public Entry(CompositeAlert alert, List<String> routes, List<String> owed) {
      this(alert, Optional.empty(), routes, owed);
    }

    /** The spool key: the composite id, or a key of its own for a status change. */
    public String key() {
      return StatusUpdate.key(alert.id(), change);
    }
  }

  public Spool(Path dir, boolean fsync) {
    this(dir, fsync, Clock.systemUTC());
  }

  /**
   * @param clock ages the tombstones (their file times are set from it)
   */
  public Spool(Path dir, boolean fsync, Clock clock) {
    this.dir = dir;
    this.fsync = fsync;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create spool directory " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the composite with its routes; returns once it is on disk (and synced, with fsync).
   * Returns false, writing nothing, when this composite was already delivered everywhere (a replay
   * after a crash re-derives composites with the same id).
   */
  public boolean write(CompositeAlert alert, List<String> routes) throws IOException {
    return write(alert, Optional.empty(), routes);
  }

  /**
   * As {@link #write(CompositeAlert, List)}, for a detection or a status change of its incident.
   */
  public boolean write(CompositeAlert alert, Optional<StatusUpdate> change, List<String> routes)
      throws IOException {
    String key = StatusUpdate.key(alert.id(), change);
    if (Files.exists(dir.resolve(key + DELIVERED))) {
      return false;
    }
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    routes.forEach(o.putArray("routes")::add);
    change.ifPresent(c -> c.write(o));
    o.set("composite", CompositeJson.toJson(alert));
    Path tmp = dir.resolve(key + ".json.tmp");
    writeFile(
        tmp,
        CompositeJson.MAPPER.writeValueAsBytes(o),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.move(
          tmp,
          dir.resolve(key + ".json"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /** Marks one route finished; removes the entry when no route is left. */
  public synchronized void done(String id, String route, List<String> routes) throws IOException {
    Path marker = dir.resolve(id + "." + route + ".done");
    writeFile(marker, new byte[0], StandardOpenOption.CREATE);
    for (String r : routes) {
      if (!Files.exists(dir.resolve(id + "." + r + ".done"))) {
        return;
      }
    }
    // A tombstone remembers the delivered id for a while, so a replay does not deliver it again.
    Path tombstone = dir.resolve(id + DELIVERED);
    writeFile(tombstone, new byte[0], StandardOpenOption.CREATE);
    Files.setLastModifiedTime(tombstone, FileTime.from(clock.instant()));
    Files.deleteIfExists(dir.resolve(id + ".json"));
    for (String r : routes) {
      Files.deleteIfExists(dir.resolve(id + "." + r + ".done"));
    }
  }

  /** Appends a given-up delivery to the dead-letter file, with the reason. */
  public synchronized void deadLetter(
      CompositeAlert alert, String route, String reason, int attempts, Instant at)
      throws IOException {
    deadLetter(alert, Optional.empty(), route, reason, attempts, at);
  }

  /**
   * As above, for a detection or a status change (which {@code resend} then sends as a status
   * change).
   */
  public synchronized void deadLetter(
      CompositeAlert alert,
      Optional<StatusUpdate> change,
      String route,
      String reason,
      int attempts,
      Instant at)
      throws IOException {
    ObjectNode o = CompositeJson.MAPPER.createObjectNode();
    o.put("route", route);
    o.put("reason", reason);
    o.put("attempts", attempts);
    o.put("at", at.toString());
    change.ifPresent(c -> c.write(o));
    o.set("composite", CompositeJson.toJson(alert));
    writeFile(
        dir.resolve(DEAD_LETTER),
        (CompositeJson.MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /**
   * Everything still owed, oldest first; unreadable files are reported and set aside, never fatal.
   */
  public List<Entry> pending(java.util.function.Consumer<String> warn) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + DELIVERED)) {
      for (Path t : ds) {
        if (Files.getLastModifiedTime(t)
            .toInstant()
            .isBefore(clock.instant().minus(TOMBSTONE_TTL))) {
          Files.deleteIfExists(t);
        }
      }
    }
    Set<Path> files = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      ds.forEach(files::add);
    }
    for (Path f : files) {
      String id = f.getFileName().toString().replaceFirst("\\.json$", "");
      try {
        JsonNode o = CompositeJson.MAPPER.readTree(f.toFile());
        List<String> all = new ArrayList<>();
        List<String> owed = new ArrayList<>();
        for (JsonNode r : o.path("routes")) {
          all.add(r.asString());
          if (!Files.exists(dir.resolve(id + "." + r.asString() + ".done"))) {
            owed.add(r.asString());
          }
        }
        out.add(
            new Entry(
                CompositeJson.fromJson(o.path("composite")), StatusUpdate.read(o), all, owed));
      } catch (RuntimeException e) {
        warn.accept(
            "spool file "
                + f.getFileName()
                + " is unreadable ("
                + e.getClass().getSimpleName()
                + "), moved aside");
        Files.move(
            f, f.resolveSibling(f.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return out;
  }

  private void writeFile(Path p, byte[] bytes, StandardOpenOption... options) throws IOException {
    Set<StandardOpenOption> opts = new java.util.HashSet<>(List.of(options));
    opts.add(StandardOpenOption.WRITE);
    try (FileChannel ch = FileChannel.open(p, opts)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      if (fsync) {
        ch.force(true);
      }
    }
  }
}
