package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code extends} ({@code extends: NAME}, or {@code service:} with an optional {@code file:}
 * relative to the extending file): the extended service, itself resolved, with the extending one merged over
 * it by the rules of override files ({@code !reset} and {@code !override} included).
 */
final class Extends {
  private Extends() {}

  static void apply(ObjectNode root, Path file, ComposeLoader.FileLoader loader, Map<String, String> tags) {
    JsonNode services = root.get("services");
    if (services == null || !services.isObject()) {
      return;
    }
    Map<Path, ObjectNode> otherFiles = new HashMap<>();
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      resolve((ObjectNode) services, name, file, loader, otherFiles, tags, new ArrayList<>());
    }
  }

  private static JsonNode resolve(ObjectNode services, String name, Path file, ComposeLoader.FileLoader loader,
      Map<Path, ObjectNode> otherFiles, Map<String, String> tags, List<String> chain) {
    JsonNode service = services.get(name);
    String where = "services." + name + ".extends";
    if (service == null || !service.isObject() || !service.has("extends")) {
      return service;
    }
    if (chain.contains(name)) {
      throw new ComposeException(where, "services extend each other in a circle: " + String.join(" -> ", chain)
          + " -> " + name);
    }
    chain.add(name);
    JsonNode extend = service.get("extends");
    String baseName = extend.isTextual() ? extend.asText() : extend.path("service").asText("");
    if (baseName.isEmpty()) {
      throw new ComposeException(where, "names no service: write extends: NAME or extends: {service: NAME}");
    }
    JsonNode base;
    if (extend.hasNonNull("file")) {
      Path other = file.getParent().resolve(extend.get("file").asText()).normalize();
      ObjectNode otherRoot = otherFiles.computeIfAbsent(other, p -> loader.load(p, p.getParent()).root());
      base = otherRoot.path("services").get(baseName);
      if (base == null) {
        throw new ComposeException(where, "no service " + baseName + " in " + other);
      }
    } else {
      base = resolve(services, baseName, file, loader, otherFiles, tags, chain);
      if (base == null) {
        throw new ComposeException(where, "no service " + baseName + " in this file");
      }
    }
    ObjectNode own = ((ObjectNode) service).deepCopy();
    own.remove("extends");
    JsonNode merged = Tags.merge(base, own, Tags.under(tags, Tags.pointer("services", name)), Merge::service);
    services.set(name, merged);
    return merged;
  }
}
