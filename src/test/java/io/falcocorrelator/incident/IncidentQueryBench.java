package io.falcocorrelator.incident;

import io.falcocorrelator.config.IncidentRetention;
import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.support.Fleet;
import io.falcocorrelator.support.Scenarios;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server time of {@code GET /api/v1/incidents} with N stored incidents (default 100,000): the
 * handler's work, query plus JSON encoding of the answer, for typical console queries, after a
 * warm-up. Incidents are the fixture scenarios' composites spread over N containers, 10%
 * acknowledged and 5% resolved. Not a test: run with bench/incident-query-bench.sh.
 */
public final class IncidentQueryBench {
  /**
   * CPU time as well as wall time: on a shared machine the wall time mostly measures the other
   * processes.
   */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private IncidentQueryBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    List<CompositeAlert> templates = new ArrayList<>();
    for (String s :
        new String[] {
          "kernel-module-escape",
          "namespace-breakout-with-evasion",
          "privileged-namespace-escape",
          "docker-socket-escape",
          "ptrace-host-injection"
        }) {
      templates.addAll(
          Scenarios.composites(Files.readAllLines(Scenarios.DIR.resolve(s + ".ndjson"))));
    }
    MemoryIncidentStore store = new MemoryIncidentStore();
    IncidentService service =
        new IncidentService(store, Clock.systemUTC(), IncidentRetention.defaults());
    Instant t0 = Instant.parse("2026-02-17T00:00:00Z");
    long build = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CompositeAlert c = templates.get(i % templates.size());
      String container = Fleet.containerId(i);
      CompositeAlert copy =
          new CompositeAlert(
              c.id() + "-" + i,
              c.definition(),
              new ContextKey("node-" + (i % 200), container, ""),
              new ContextInfo("app-" + (i % 1000), c.info().image(), "ns-" + (i % 50), "pod-" + i),
              c.groups(),
              c.evidence(),
              c.firstSeen(),
              c.lastSeen(),
              c.relatedCases(),
              "",
              t0.plusSeconds(i));
      store.put(Incident.opened(i + 1, copy, t0.plusSeconds(i)));
      if (i % 10 == 0) {
        service.changeStatus(copy.id(), IncidentStatus.ACKNOWLEDGED, null, null, "bench");
      } else if (i % 20 == 1) {
        service.changeStatus(copy.id(), IncidentStatus.RESOLVED, Resolution.BENIGN, null, "bench");
      }
    }
    System.out.printf(
        "stored %,d incidents in %d ms; heap used %d MB%n",
        n,
        (System.nanoTime() - build) / 1_000_000,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    IncidentJson json = new IncidentJson(Optional.of("https://soc.example.com"));
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("first page (limit 50)", "");
    queries.put("limit 500", "limit=500");
    queries.put("severity=Critical&status=open", "severity=Critical&status=open");
    queries.put("namespace=ns-7", "namespace=ns-7");
    queries.put("container id", "container=" + Fleet.containerId(n / 2));
    queries.put("q=insmod (text search)", "q=insmod");
    queries.put("q=no-such-text (scans all)", "q=no-such-text");
    queries.put("since (last hour)", "since=" + t0.plusSeconds(n - 3600));
    for (Map.Entry<String, String> q : queries.entrySet()) {
      IncidentQuery query = IncidentQuery.parse(params(q.getValue()), IncidentQuery.MAX_LIMIT);
      long[] times = new long[200];
      long[] cpu = new long[times.length];
      int bytes = 0;
      for (int round = -50; round < times.length; round++) {
        long start = System.nanoTime();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        IncidentPage page = store.query(query);
        bytes = CompositeJson.MAPPER.writeValueAsBytes(json.page(page)).length;
        if (round >= 0) {
          times[round] = System.nanoTime() - start;
          cpu[round] = THREADS.getCurrentThreadCpuTime() - startCpu;
        }
      }
      Arrays.sort(times);
      Arrays.sort(cpu);
      System.out.printf(
          "%-32s wall median %6.1f ms p99 %6.1f ms | cpu median %6.1f ms p99 %6.1f ms (%,d bytes)%n",
          q.getKey(),
          times[times.length / 2] / 1e6,
          times[times.length * 99 / 100] / 1e6,
          cpu[cpu.length / 2] / 1e6,
          cpu[cpu.length * 99 / 100] / 1e6,
          bytes);
    }
  }

  private static Map<String, Deque<String>> params(String query) {
    Map<String, Deque<String>> out = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        out.computeIfAbsent(p[0], k -> new java.util.ArrayDeque<>()).add(p[1]);
      }
    }
    return out;
  }
}
