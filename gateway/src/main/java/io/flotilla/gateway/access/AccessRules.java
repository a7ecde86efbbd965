package io.flotilla.gateway.access;

import java.util.Locale;

/**
 * Which role each API call needs. Readonly tokens may look at everything (every GET: lists,
 * the events stream, logs, metrics) but the join tokens and the API tokens, which only admins
 * see; every other call changes something and needs admin. {@code GET /health}, joining
 * (authenticated by the join token in its body) and the web dashboard's static files under
 * {@code /ui} (no data in them: the page sends its user's token with each API call) need no API token.
 */
public final class AccessRules {
  private AccessRules() {}

  /** What {@code method} on {@code path} (normalized, as the router matches it) needs. */
  public static Access required(String method, String path) {
    String verb = method.toUpperCase(Locale.ROOT);
    if (verb.equals("GET") && path.equals("/health") || verb.equals("POST") && path.equals("/v1/cluster/join")) {
      return Access.OPEN;
    }
    if ((verb.equals("GET") || verb.equals("HEAD")) && within(path, "/ui")) {
      return Access.OPEN;
    }
    if (within(path, "/v1/tokens") || within(path, "/v1/cluster/join-tokens")) {
      return Access.ADMIN;
    }
    return verb.equals("GET") || verb.equals("HEAD") ? Access.READ : Access.ADMIN;
  }

  private static boolean within(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
