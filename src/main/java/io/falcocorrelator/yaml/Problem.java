package io.falcocorrelator.yaml;

/**
 * One problem in a YAML file, located the way users read it: {@code mappings.yaml:42
 * mappings[3].match.fields[proc.name]: unknown operator "regexp"}.
 *
 * @param line 1-based line, or 0 when the problem concerns the file as a whole
 */
public record Problem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + (path.isEmpty() ? "" : " " + path)
        + ": "
        + message;
  }
}
