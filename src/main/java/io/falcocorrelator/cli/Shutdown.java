package io.falcocorrelator.cli;

import sun.misc.Signal;

/** SIGTERM and SIGINT run a command's stop action once, on a thread of its own (never in the signal handler). */
final class Shutdown {
  private Shutdown() {}

  static void onStop(Runnable stop) {
    Signal.handle(new Signal("TERM"), s -> new Thread(stop, "shutdown").start());
    Signal.handle(new Signal("INT"), s -> new Thread(stop, "shutdown").start());
  }
}
