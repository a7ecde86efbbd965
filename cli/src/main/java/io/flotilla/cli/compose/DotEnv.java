package io.flotilla.cli.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code .env} or {@code env_file} file in Compose's syntax: {@code KEY=VALUE} lines, blank lines and
 * {@code #} comments skipped, an optional {@code export } prefix; a value in single quotes is literal, in
 * double quotes it takes escapes ({@code \n}, {@code \t}, {@code \"}, {@code \\}) and may span lines;
 * an unquoted value ends at {@code " #"}. Double-quoted and unquoted values are interpolated with the
 * entries above them and then {@code lookup}. A bare {@code KEY} takes its value from {@code lookup}, or is
 * left out.
 */
final class DotEnv {
  private DotEnv() {}

  static Map<String, String> parse(String file, String content, Function<String, Optional<String>> lookup,
      Warnings warnings) {
    Map<String, String> env = new LinkedHashMap<>();
    Function<String, Optional<String>> seen = name -> env.containsKey(name) ? Optional.of(env.get(name))
        : lookup.apply(name);
    Interpolation interpolation = new Interpolation(seen, warnings);
    String[] lines = content.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String where = file + " line " + (i + 1);
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw new ComposeException(where, "expected KEY=VALUE, got '" + line + "'");
      }
      if (eq < 0) {
        lookup.apply(key).ifPresent(v -> env.put(key, v));
        continue;
      }
      String raw = line.substring(eq + 1).stripLeading();
      if (raw.startsWith("'") || raw.startsWith("\"")) {
        char quote = raw.charAt(0);
        StringBuilder text = new StringBuilder(raw.substring(1));
        int close;
        while ((close = closingQuote(text, quote)) < 0) {
          if (++i >= lines.length) {
            throw new ComposeException(where, "the value of " + key + " has no closing " + quote);
          }
          text.append('\n').append(lines[i]);
        }
        String value = text.substring(0, close);
        env.put(key, quote == '\'' ? value : interpolation.text(unescape(value), where));
      } else {
        int comment = raw.indexOf(" #");
        String value = (comment < 0 ? raw : raw.substring(0, comment)).strip();
        env.put(key, interpolation.text(value, where));
      }
    }
    return env;
  }

  private static int closingQuote(CharSequence text, char quote) {
    for (int i = 0; i < text.length(); i++) {
      if (quote == '"' && text.charAt(i) == '\\') {
        i++;
      } else if (text.charAt(i) == quote) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        switch (next) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '$' -> out.append("$$");
          default -> out.append(next);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
