package io.falcocorrelator.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * POSIX signals for the long-running commands: SIGTERM and SIGINT run a stop action, SIGHUP a
 * reload; each on a thread of its own, never in the signal handler.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: it is the only way to handle SIGHUP on the
 * JDK, and javac's "internal proprietary API" warning on a direct use cannot be suppressed, which
 * would break the {@code -Werror} build. A JVM without it (none we know of) keeps its default
 * handlers and the process says so.
 */
final class Shutdown {
  private Shutdown() {}

  static void onStop(Runnable stop) {
    on("TERM", stop, "shutdown");
    on("INT", stop, "shutdown");
  }

  static void onReload(Runnable reload) {
    on("HUP", reload, "reload");
  }

  private static void on(String name, Runnable action, String threadName) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (p, method, args) -> handle(p, method, args, action, threadName));
      Object sig = signal.getConstructor(String.class).newInstance(name);
      signal.getMethod("handle", signal, handler).invoke(null, sig, proxy);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      System.err.println("falco-correlator: cannot handle SIG" + name + " on this JVM: " + e);
    }
  }

  private static Object handle(
      Object proxy, Method method, Object[] args, Runnable action, String threadName) {
    return switch (method.getName()) {
      case "handle" -> {
        new Thread(action, threadName).start();
        yield null;
      }
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "signal handler (" + threadName + ")";
      default -> throw new UnsupportedOperationException(method.getName());
    };
  }
}
