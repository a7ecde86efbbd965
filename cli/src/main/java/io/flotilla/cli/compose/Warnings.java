package io.flotilla.cli.compose;

import java.util.ArrayList;
import java.util.List;

/** What loading found worth a word, in order, each naming its key path or file. */
final class Warnings {
  private final List<String> messages = new ArrayList<>();

  void add(String where, String message) {
    String line = where.isEmpty() ? message : where + ": " + message;
    if (!messages.contains(line)) {
      messages.add(line);
    }
  }

  List<String> list() {
    return List.copyOf(messages);
  }
}
