package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.ServiceSpec;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Test helpers: parse compose text as stack "shop", build one-service files, catch errors. */
final class Compose {
  static final String STACK = "shop";

  private Compose() {}

  static StackSpec parse(String yaml) {
    return parse(yaml, Map.of());
  }

  static StackSpec parse(String yaml, Map<String, String> envFiles) {
    return ComposeFile.parse(STACK, yaml, path -> Optional.ofNullable(envFiles.get(path)));
  }

  /** A file with one service, {@code web}, of image flotilla-test/web:1 plus {@code keys} (written unindented). */
  static String web(String keys) {
    return "services:\n  web:\n    image: flotilla-test/web:1\n" + indent(keys, 4);
  }

  static ServiceSpec webSpec(String keys) {
    return service(parse(web(keys)), "web");
  }

  static ServiceSpec service(StackSpec stack, String name) {
    return stack.services().stream().filter(s -> s.name().equals(STACK + "_" + name)).findFirst()
        .orElseThrow(() -> new AssertionError("no service " + name + " in " + stack.services()));
  }

  static InvalidSpecException error(String yaml) {
    return error(yaml, Map.of());
  }

  static InvalidSpecException error(String yaml, Map<String, String> envFiles) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> parse(yaml, envFiles));
    assertThat(e).as("an InvalidSpecException for:\n" + yaml).isNotNull();
    return e;
  }

  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    return text.lines().map(line -> line.isEmpty() ? line : pad + line).collect(Collectors.joining("\n", "", "\n"));
  }
}
