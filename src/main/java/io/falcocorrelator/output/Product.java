package io.falcocorrelator.output;

/** The product name and version that payloads report (CEF header, OCSF metadata, ECS observer). */
public final class Product {
  public static final String NAME = "falco-correlator";
  public static final String VERSION = "0.1.0";

  private Product() {}
}
