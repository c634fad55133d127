package io.falcocorrelator.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The console's static files, read once from the classpath ({@code ui/} in the jar) into memory.
 * All assets share one version: a hash of their contents. {@code index.html} refers to them under
 * {@code /ui/assets/<version>/}, so a browser may cache them for a year and a new build is fetched
 * at once; the modules import each other relatively and so stay under the same version.
 */
public final class UiAssets {
  /** A file's bytes, media type and strong ETag. */
  public record Asset(String name, byte[] body, String contentType, String etag) {}

  static final String ROOT = "ui";
  static final String VERSION_PLACEHOLDER = "__ASSET_VERSION__";
  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "svg",
          "image/svg+xml",
          "json",
          "application/json",
          "ico",
          "image/x-icon",
          "png",
          "image/png");

  private final Map<String, Asset> assets;
  private final String version;
  private final Asset index;

  private UiAssets(Map<String, byte[]> files) {
    this.version = hash(files).substring(0, 12);
    Map<String, Asset> out = new TreeMap<>();
    files.forEach((name, body) -> out.put(name, asset(name, body)));
    byte[] html = files.get("index.html");
    if (html == null) {
      throw new IllegalStateException(
          "the console's index.html is missing from the classpath (" + ROOT + "/)");
    }
    String page = new String(html, StandardCharsets.UTF_8).replace(VERSION_PLACEHOLDER, version);
    this.index = asset("index.html", page.getBytes(StandardCharsets.UTF_8));
    out.remove("index.html");
    this.assets = Collections.unmodifiableMap(out);
  }

  /** Loads the assets packaged with this build. */
  public static UiAssets load() {
    URL marker = UiAssets.class.getClassLoader().getResource(ROOT + "/index.html");
    if (marker == null) {
      throw new IllegalStateException(
          "the console's assets are missing from the classpath (" + ROOT + "/index.html)");
    }
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          return new UiAssets(read(fs.getPath("/" + ROOT)));
        }
      }
      return new UiAssets(read(Path.of(uri).getParent()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's assets: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> read(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(p).toString().replace('\\', '/');
        try (InputStream in = Files.newInputStream(p)) {
          files.put(name, in.readAllBytes());
        }
      }
    }
    return files;
  }

  private static Asset asset(String name, byte[] body) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    String type = TYPES.getOrDefault(ext, "application/octet-stream");
    return new Asset(name, body, type, "\"" + hash(Map.of(name, body)).substring(0, 20) + "\"");
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(files)
          .forEach(
              (name, body) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(body);
              });
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash every asset URL carries. */
  public String version() {
    return version;
  }

  /** The single page, with asset URLs pointing at this version. */
  public Asset index() {
    return index;
  }

  /** A static file by its path below {@code ui/}, e.g. {@code js/app.js}. */
  public Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }
}
