package io.falcocorrelator.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA with server and client certificates, generated per test run. */
public final class TestCertificates {
  public final KeyPair caKeys;
  public final X509Certificate ca;
  public final KeyPair serverKeys;
  public final X509Certificate server;
  public final KeyPair clientKeys;
  public final X509Certificate client;

  public TestCertificates() throws Exception {
    caKeys = rsa();
    ca = sign("CN=falco-correlator test CA", caKeys, "CN=falco-correlator test CA", caKeys, true);
    serverKeys = rsa();
    server = sign("CN=127.0.0.1", serverKeys, "CN=falco-correlator test CA", caKeys, false);
    clientKeys = rsa();
    client = sign("CN=falco", clientKeys, "CN=falco-correlator test CA", caKeys, false);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean isCa)
      throws Exception {
    long now = System.currentTimeMillis();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now ^ subject.hashCode()),
            new Date(now - 60_000),
            new Date(now + 86_400_000L),
            new X500Name(subject),
            subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  public static void writePem(Path file, Object... objects) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    }
    Files.writeString(file, sw.toString());
  }

  public static void writePkcs8(Path file, KeyPair keys) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    Files.writeString(file, sw.toString());
  }

  public void writeServerPkcs12(Path file, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    }
  }

  /**
   * A client context trusting the test CA, presenting the client certificate when {@code
   * withClientCert}.
   */
  public SSLContext clientContext(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client", clientKeys.getPrivate(), "x".toCharArray(), new X509Certificate[] {client, ca});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, "x".toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
