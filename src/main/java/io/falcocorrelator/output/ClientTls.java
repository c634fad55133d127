package io.falcocorrelator.output;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of an outbound connection: a CA to trust (default: the JVM's), a client certificate
 * for mutual TLS (PEM certificate + PKCS#8 key), or, for tests only, no verification.
 */
public record ClientTls(
    Optional<Path> caCert, Optional<Path> clientCert, Optional<Path> clientKey, boolean insecure) {
  public static final ClientTls DEFAULT =
      new ClientTls(Optional.empty(), Optional.empty(), Optional.empty(), false);

  public boolean isDefault() {
    return equals(DEFAULT);
  }

  public SSLContext context() throws Exception {
    TrustManager[] trust = null;
    if (insecure) {
      trust =
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          };
    } else if (caCert.isPresent()) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caCert.get())) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      trust = tmf.getTrustManagers();
    }
    KeyManagerFactory kmf = null;
    if (clientCert.isPresent() && clientKey.isPresent()) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "client".toCharArray();
      ks.setKeyEntry(
          "client",
          privateKey(clientKey.get()),
          pw,
          certificates(clientCert.get()).toArray(new Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, new SecureRandom());
    return ctx;
  }

  static List<Certificate> certificates(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  static PrivateKey privateKey(Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (Exception ignored) {
        // next
      }
    }
    throw new IllegalArgumentException(pem + ": expected an unencrypted PKCS#8 RSA or EC key");
  }
}
