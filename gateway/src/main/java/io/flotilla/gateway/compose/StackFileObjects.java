package io.flotilla.gateway.compose;

import io.flotilla.model.FileKind;
import io.flotilla.model.FileReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code secrets} and {@code configs}, and a service's references to them, as
 * {@code docker stack deploy} reads them. One the stack declares is named {@code <stack>_<key>}
 * (or its {@code name}); an {@code external} one keeps its own name and must exist. The client
 * that deploys creates the stack's own from their {@code file}, {@code environment} or
 * {@code content} before it sends the file, as docker's does; the manager only checks that every
 * reference names one that exists.
 */
final class StackFileObjects {
  private static final Set<String> SECRET_KEYS = Set.of("file", "external", "name", "environment", "labels");
  private static final Set<String> CONFIG_KEYS = Set.of("file", "external", "name", "environment", "content",
      "labels");
  private static final Set<String> REFERENCE_KEYS = Set.of("source", "target", "uid", "gid", "mode");

  private StackFileObjects() {}

  /** The cluster's name of each declared secret or config, by the key the file uses for it. */
  static Map<String, String> declared(String stack, Value declarations, FileKind kind, Warnings warnings) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : declarations.entries().entrySet()) {
      if (e.getKey().startsWith("x-")) {
        continue;
      }
      Value declaration = e.getValue();
      if (!declaration.isMapping()) {
        throw declaration.mustBe("a mapping with file, environment" + (kind == FileKind.CONFIG ? ", content" : "")
            + " or external");
      }
      warnings.otherKeys(declaration, kind == FileKind.SECRET ? SECRET_KEYS : CONFIG_KEYS);
      Value name = declaration.get("name");
      Value external = declaration.get("external");
      boolean isExternal = !external.isAbsent() && external.bool();
      if (!isExternal && declaration.get("file").isAbsent() && declaration.get("environment").isAbsent()
          && (kind == FileKind.SECRET || declaration.get("content").isAbsent())) {
        throw declaration.error("needs file, environment" + (kind == FileKind.CONFIG ? ", content" : "")
            + " or external: true");
      }
      names.put(e.getKey(), !name.isAbsent() ? name.text() : isExternal ? e.getKey()
          : ComposeFile.scoped(stack, e.getKey()));
    }
    return names;
  }

  /**
   * A service's {@code secrets} or {@code configs}: each a key of the top-level ones, or a mapping
   * with {@code source}, {@code target}, {@code uid}, {@code gid}, {@code mode}. The file appears
   * under the key's name unless a target is given, as in docker.
   */
  static List<FileReference> references(Value list, Map<String, String> declared, FileKind kind) {
    if (!list.isAbsent() && !list.isSequence()) {
      throw list.mustBe("a list");
    }
    List<FileReference> references = new ArrayList<>();
    for (Value item : list.items()) {
      Value source = item.isMapping() ? item.get("source") : item;
      if (item.isMapping()) {
        for (String key : item.entries().keySet()) {
          if (!REFERENCE_KEYS.contains(key)) {
            throw item.get(key).error("is not a key of a " + kind.noun()
                + " reference (source, target, uid, gid, mode)");
          }
        }
      }
      if (source.isAbsent()) {
        throw source.error("is required");
      }
      String key = source.text();
      String name = declared.get(key);
      if (name == null) {
        throw source.error("names no " + kind.noun() + " of the top-level " + kind.noun() + "s: '" + key + "'");
      }
      Value target = item.get("target");
      Value mode = item.get("mode");
      references.add(item.build(() -> new FileReference(name, target.isAbsent() ? defaultTarget(kind, key)
          : target.text(), text(item.get("uid")), text(item.get("gid")), mode.isAbsent() ? null : mode(mode))));
    }
    return references;
  }

  private static String defaultTarget(FileKind kind, String key) {
    return kind == FileKind.SECRET ? key : "/" + key;
  }

  private static String text(Value value) {
    return value.isAbsent() ? null : value.text();
  }

  /** YAML 1.1's octal {@code 0440} as docker reads it, or the number the parser already made of it. */
  private static int mode(Value mode) {
    String text = mode.text().strip();
    if (text.matches("0[0-7]+")) {
      return Integer.parseInt(text, 8);
    }
    if (text.matches("0o[0-7]+")) {
      return Integer.parseInt(text.substring(2), 8);
    }
    return mode.wholeNumber();
  }
}
