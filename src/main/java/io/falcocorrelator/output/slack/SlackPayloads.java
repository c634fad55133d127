package io.falcocorrelator.output.slack;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.event.FieldValues;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.output.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Slack message for a composite: Block Kit inside a coloured attachment (the colour bar
 * is the severity). Every attacker-controlled string is escaped for mrkdwn ({@code &}, {@code <},
 * {@code >}), so no command line can ping {@code <!channel>} or inject a link, and evidence sits in
 * code blocks with backtick runs broken up. Pure: no I/O.
 */
public final class SlackPayloads {
  static final int MAX_SECTION = 2900;
  static final int MAX_EVIDENCE = 6;
  static final int MAX_VALUE = 400;

  private SlackPayloads() {}

  public static ObjectNode build(CompositeAlert a, SlackSettings s) {
    ObjectNode root = CompositeJson.MAPPER.createObjectNode();
    s.channel().ifPresent(c -> root.put("channel", c));
    s.username().ifPresent(u -> root.put("username", u));
    s.icon().ifPresent(i -> root.put(i.startsWith("http") ? "icon_url" : "icon_emoji", i));
    String title = emoji(a.severity()) + " " + a.severity().label() + ": " + a.caseName();
    root.put("text", escape(title + " in " + containerName(a) + " on " + a.key().hostname()));
    ArrayNode attachments = root.putArray("attachments");
    ObjectNode attachment = attachments.addObject();
    attachment.put("color", color(a.severity()));
    ArrayNode blocks = attachment.putArray("blocks");
    header(blocks, Text.truncate(title, 150));
    section(blocks, escape(a.definition().description()));
    fields(
        blocks,
        List.of(
            "*Container*\n"
                + escape(containerName(a))
                + " (`"
                + escape(a.key().containerId())
                + "`)",
            "*Pod*\n" + escape(orDash(a.info().k8sNamespace()) + "/" + orDash(a.info().k8sPod())),
            "*Image*\n" + escape(orDash(a.info().image())),
            "*Host*\n" + escape(a.key().hostname()),
            "*First seen*\n" + a.firstSeen(),
            "*Last seen*\n" + a.lastSeen()));
    section(blocks, "*Groups*: " + groups(a));
    int shown = 0;
    for (Evidence e : a.evidence()) {
      if (shown++ == MAX_EVIDENCE) {
        section(
            blocks,
            "_"
                + (a.evidence().size() - MAX_EVIDENCE)
                + " more evidence items in the composite JSON_");
        break;
      }
      section(blocks, evidence(e));
    }
    StringBuilder triage = new StringBuilder("*Triage*");
    for (String step : a.definition().triage()) {
      triage.append("\n\u2022 ").append(escape(step));
    }
    section(blocks, Text.truncate(triage.toString(), MAX_SECTION));
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            escape(
                "id "
                    + a.id()
                    + " \u00b7 MITRE "
                    + String.join(", ", a.definition().mitre())
                    + (a.relatedCases().isEmpty()
                        ? ""
                        : " \u00b7 also: " + String.join(", ", a.relatedCases()))));
    return root;
  }

  /**
   * Adds an "Open incident" button to the message when there is a console link. The URL is ours
   * ({@code ui.public_url} and the composite id), never attacker text.
   */
  public static ObjectNode withLinkButton(ObjectNode message, java.util.Optional<String> link) {
    link.ifPresent(
        url -> {
          ArrayNode blocks = (ArrayNode) message.withArray("attachments").get(0).get("blocks");
          ObjectNode actions = blocks.addObject();
          actions.put("type", "actions");
          ObjectNode button = actions.putArray("elements").addObject();
          button.put("type", "button");
          button.putObject("text").put("type", "plain_text").put("text", "Open incident");
          button.put("url", url);
          button.put("style", "primary");
        });
    return message;
  }

  static String evidence(Evidence e) {
    StringBuilder sb = new StringBuilder();
    sb.append("*")
        .append(escape(e.group().title()))
        .append("* \u2014 ")
        .append(escape(e.rule()))
        .append(" (")
        .append(e.priority())
        .append(", ")
        .append(e.time())
        .append(")\n```");
    for (Map.Entry<String, Object> f : new java.util.TreeMap<>(e.fields()).entrySet()) {
      if (f.getKey().equals("proc.cmdline")
          || f.getKey().equals("fd.name")
          || f.getKey().equals("proc.exepath")
          || f.getKey().equals("proc.pname")
          || f.getKey().equals("user.name")
          || f.getKey().equals("proc.args")) {
        sb.append(f.getKey())
            .append('=')
            .append(codeSafe(Text.truncate(FieldValues.text(f.getValue()), MAX_VALUE)))
            .append('\n');
      }
    }
    sb.append("```");
    return Text.truncate(sb.toString(), MAX_SECTION);
  }

  /** Escapes mrkdwn control characters: with them gone, no mention or link can be formed. */
  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Inside a code block: escaped, and backtick runs broken so the block cannot be closed early. */
  static String codeSafe(String s) {
    return escape(s).replace("```", "`\u200b`\u200b`").replace("\r", "\\r");
  }

  private static String groups(CompositeAlert a) {
    List<String> out = new ArrayList<>();
    for (ActivityGroup g : a.groups()) {
      out.add(g.title());
    }
    return escape(String.join(" + ", out));
  }

  private static void header(ArrayNode blocks, String text) {
    ObjectNode h = blocks.addObject();
    h.put("type", "header");
    h.putObject("text").put("type", "plain_text").put("text", text).put("emoji", true);
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    ObjectNode s = blocks.addObject();
    s.put("type", "section");
    s.putObject("text").put("type", "mrkdwn").put("text", Text.truncate(mrkdwn, MAX_SECTION));
  }

  private static void fields(ArrayNode blocks, List<String> texts) {
    ObjectNode s = blocks.addObject();
    s.put("type", "section");
    ArrayNode f = s.putArray("fields");
    for (String t : texts) {
      f.addObject().put("type", "mrkdwn").put("text", Text.truncate(t, 1900));
    }
  }

  static String containerName(CompositeAlert a) {
    return a.info().containerName().isEmpty() ? a.key().containerId() : a.info().containerName();
  }

  private static String orDash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  static String color(Severity s) {
    switch (s) {
      case CRITICAL:
        return "#B60205";
      case HIGH:
        return "#E36209";
      default:
        return "#FBCA04";
    }
  }

  static String emoji(Severity s) {
    switch (s) {
      case CRITICAL:
        return ":rotating_light:";
      case HIGH:
        return ":warning:";
      default:
        return ":large_yellow_circle:";
    }
  }
}
