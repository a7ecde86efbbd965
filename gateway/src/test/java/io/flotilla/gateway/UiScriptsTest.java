package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's pure JavaScript (server-sent events parsing, the grid, the service rows),
 * through {@code node --test src/test/ui/} (node comes from bin/lib/prerequisites.sh). The files
 * are run from a copy beside a {@code package.json} that makes them ES modules, which the jar
 * does not need to carry.
 */
class UiScriptsTest {
  @TempDir Path copy;

  @Test
  void theDashboardsPureModules_passTheirNodeTests() throws Exception {
    copyTree(Path.of("src/main/resources/ui"), copy.resolve("src/main/resources/ui"));
    copyTree(Path.of("src/test/ui"), copy.resolve("src/test/ui"));
    Files.writeString(copy.resolve("package.json"), "{\"type\": \"module\", \"private\": true}\n");

    Process node;
    try {
      node = new ProcessBuilder("node", "--test", "src/test/ui/").directory(copy.toFile()).redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new AssertionError("node is needed for the dashboard's script tests; bin/lib/prerequisites.sh "
          + "(flotilla_ensure_test_tools) installs it: " + e.getMessage(), e);
    }
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("# fail 0").containsPattern("# pass [1-9]");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
