package io.falcocorrelator.mapping;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ten activity groups of the container-escape specification. Ids are stable: they appear in
 * mapping and case YAML, in composite JSON and in metric labels.
 */
public enum ActivityGroup {
  ENUMERATION("enumeration", "Container Breakout Enumeration"),
  PRIVILEGED_CONTAINER("privileged_container", "Privileged Container"),
  SOCKET_DISCOVERY("socket_discovery", "Socket Discovery"),
  CONTAINER_MANAGEMENT_ABUSE("container_management_abuse", "Container Management Abuse"),
  NAMESPACE_MANIPULATION("namespace_manipulation", "Namespace Manipulation"),
  CGROUP_ESCAPE("cgroup_escape", "Cgroup Escape"),
  PROC_WRITE_ESCAPE("proc_write_escape", "Proc Write Escape"),
  PTRACE_ESCAPE("ptrace_escape", "Ptrace Escape"),
  KERNEL_MODULE_ESCAPE("kernel_module_escape", "Kernel Module Escape"),
  EVASIVE_EXECUTION("evasive_execution", "Evasive Execution");

  private static final ActivityGroup[] VALUES = values();
  private final String id;
  private final String title;

  ActivityGroup(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public String id() {
    return id;
  }

  /** The group's name as the specification writes it. */
  public String title() {
    return title;
  }

  public static Optional<ActivityGroup> fromId(String id) {
    for (ActivityGroup g : VALUES) {
      if (g.id.equals(id)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** All ids, for error messages. */
  public static String ids() {
    return String.join(", ", Arrays.stream(VALUES).map(ActivityGroup::id).toArray(String[]::new));
  }
}
