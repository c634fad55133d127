package io.falcocorrelator.cli;

import io.falcocorrelator.bench.BareServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench-bare-server}: the baseline server of {@code bench/http-bench.sh} (reads the body, answers 200). */
@Command(name = "bench-bare-server", hidden = true, mixinStandardHelpOptions = true,
    description = "Baseline for the HTTP load benchmark: an Undertow handler that only reads the body.")
final class BenchHttpBareCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "2899")
  int port;

  @Option(names = "--io-threads", defaultValue = "2")
  int ioThreads;

  @Option(names = "--read", defaultValue = "BULK", description = "UNDERTOW (receiveFullBytes) or BULK (the receiver's body reader).")
  BareServer.Read read;

  @Override
  public Integer call() throws InterruptedException {
    BareServer.start("127.0.0.1", port, ioThreads, read);
    System.out.println("bare server (" + read + " body read) listening on 127.0.0.1:" + port);
    new CountDownLatch(1).await();
    return 0;
  }
}
