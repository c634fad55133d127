package io.falcocorrelator.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the journal: requests hand their entries to one writer thread, which writes
 * everything waiting in one store write (one log append; with {@code fsync}, one sync) and then
 * tells each request. Why: a write per request made the log append, a system call, the main cost of
 * the crash-safe mode; under load the writer is busy while the next requests arrive, so groups form
 * by themselves and an idle server adds no delay.
 */
final class JournalWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final int MAX_GROUP = 4096;

  /** What the writer tells a request; called on the writer thread. */
  interface Done {
    /** The entries are durable, numbered from {@code firstSeq}. */
    void journaled(long firstSeq);

    /** They could not be written (or the writer stopped): nothing of them is durable. */
    void failed();
  }

  private record Request(List<byte[]> entries, Done done) {}

  private final Journal journal;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread = new Thread(this::run, "journal-writer");
  private volatile boolean stopping;

  JournalWriter(Journal journal) {
    this.journal = journal;
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void submit(List<byte[]> entries, Done done) {
    queue.add(new Request(entries, done));
  }

  private void run() {
    List<Request> group = new ArrayList<>();
    while (true) {
      Request first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      group.add(first);
      queue.drainTo(group, MAX_GROUP);
      write(group);
      group.clear();
    }
  }

  private void write(List<Request> group) {
    List<byte[]> all = new ArrayList<>();
    for (Request r : group) {
      all.addAll(r.entries());
    }
    long seq;
    try {
      seq = journal.append(all);
    } catch (org.rocksdb.RocksDBException | RuntimeException e) {
      // The store reports the outage once (and its end); each refused request is only counted.
      log.debug("cannot journal {} alert(s), answering 503: {}", all.size(), e.toString());
      group.forEach(r -> r.done().failed());
      return;
    }
    for (Request r : group) {
      r.done().journaled(seq);
      seq += r.entries().size();
    }
  }

  /** Writes what was submitted before, then stops; anything submitted later fails. */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(Duration.ofSeconds(20).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(r -> r.done().failed());
  }
}
