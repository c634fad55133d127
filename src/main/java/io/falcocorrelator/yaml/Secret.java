package io.falcocorrelator.yaml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A password, token or URL that must never reach a log: {@code toString()} is redacted, and
 * comparison takes the same time whatever the input (both sides are hashed first, so neither
 * content nor length leaks through timing).
 */
public final class Secret {
  public static final Secret NONE = new Secret("");
  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  /** The secret itself, for the code that must send or check it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Constant-time comparison with a presented credential. */
  public boolean matches(String presented) {
    if (value.isEmpty() || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(value), sha256(presented));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "<none>" : "<redacted>";
  }
}
