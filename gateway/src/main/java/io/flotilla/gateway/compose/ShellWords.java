package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command written as one string into words, as a POSIX shell would, without
 * expanding anything: quotes group, a backslash escapes the next character (inside double
 * quotes only {@code " \ $ `}).
 */
final class ShellWords {
  private ShellWords() {}

  static List<String> split(String field, String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean hasNext = i + 1 < line.length();
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && hasNext && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && hasNext) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      String kind = quote == '"' ? "double" : "single";
      throw new InvalidSpecException(field, "has an unclosed " + kind + " quote: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
