package io.falcocorrelator.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MITRE ATT&CK (Enterprise, v17) techniques the cases use, with their names and tactics, so
 * SIEM formats can name them. A technique id outside the table is still reported, by id only.
 */
public final class MitreAttack {
  public static final String VERSION = "v17";
  public static final String FRAMEWORK = "MITRE ATT&CK";

  /** An ATT&CK tactic. */
  public record Tactic(String id, String name) {
    public String url() {
      return "https://attack.mitre.org/tactics/" + id + "/";
    }
  }

  /**
   * A technique or sub-technique ({@code T1547.006}); {@code name} empty when not in the table.
   *
   * @param parent the technique of a sub-technique
   */
  public record Technique(
      String id, String name, List<Tactic> tactics, Optional<Technique> parent) {
    public boolean isSubTechnique() {
      return parent.isPresent();
    }

    public String url() {
      return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
    }
  }

  static final Tactic EXECUTION = new Tactic("TA0002", "Execution");
  static final Tactic PERSISTENCE = new Tactic("TA0003", "Persistence");
  static final Tactic PRIVILEGE_ESCALATION = new Tactic("TA0004", "Privilege Escalation");
  static final Tactic DEFENSE_EVASION = new Tactic("TA0005", "Defense Evasion");
  static final Tactic CREDENTIAL_ACCESS = new Tactic("TA0006", "Credential Access");
  static final Tactic DISCOVERY = new Tactic("TA0007", "Discovery");
  static final Tactic IMPACT = new Tactic("TA0040", "Impact");

  /** Technique id to name and tactics; sub-techniques take their parent's tactics. */
  private static final Map<String, Map.Entry<String, List<Tactic>>> TABLE =
      Map.ofEntries(
          entry("T1611", "Escape to Host", PRIVILEGE_ESCALATION),
          entry("T1068", "Exploitation for Privilege Escalation", PRIVILEGE_ESCALATION),
          entry("T1547", "Boot or Logon Autostart Execution", PERSISTENCE, PRIVILEGE_ESCALATION),
          entry("T1547.006", "Kernel Modules and Extensions"),
          entry("T1613", "Container and Resource Discovery", DISCOVERY),
          entry("T1055", "Process Injection", DEFENSE_EVASION, PRIVILEGE_ESCALATION),
          entry("T1055.008", "Ptrace System Calls"),
          entry("T1564", "Hide Artifacts", DEFENSE_EVASION),
          entry("T1564.001", "Hidden Files and Directories"),
          entry("T1610", "Deploy Container", DEFENSE_EVASION, EXECUTION),
          entry("T1609", "Container Administration Command", EXECUTION),
          entry("T1612", "Build Image on Host", DEFENSE_EVASION),
          entry("T1059", "Command and Scripting Interpreter", EXECUTION),
          entry("T1059.004", "Unix Shell"),
          entry("T1565", "Data Manipulation", IMPACT),
          entry("T1620", "Reflective Code Loading", DEFENSE_EVASION),
          entry("T1622", "Debugger Evasion", DEFENSE_EVASION, DISCOVERY),
          entry("T1552", "Unsecured Credentials", CREDENTIAL_ACCESS),
          entry("T1552.007", "Container API"));

  private MitreAttack() {}

  private static Map.Entry<String, Map.Entry<String, List<Tactic>>> entry(
      String id, String name, Tactic... tactics) {
    return Map.entry(id, Map.entry(name, List.of(tactics)));
  }

  /** The technique with its name and tactics (its parent's, for a sub-technique). */
  public static Technique technique(String id) {
    Optional<Technique> parent =
        id.contains(".")
            ? Optional.of(technique(id.substring(0, id.indexOf('.'))))
            : Optional.empty();
    Map.Entry<String, List<Tactic>> known = TABLE.get(id);
    String name = known == null ? "" : known.getKey();
    List<Tactic> tactics =
        parent.map(Technique::tactics).orElse(known == null ? List.of() : known.getValue());
    return new Technique(id, name, tactics, parent);
  }

  /** The techniques of a case's {@code mitre} list, in order. */
  public static List<Technique> techniques(List<String> ids) {
    List<Technique> out = new ArrayList<>();
    for (String id : ids) {
      out.add(technique(id.trim()));
    }
    return out;
  }
}
