package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.cli.Flotilla;
import io.flotilla.cli.compose.ComposeLoader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stack config} prints the resolved files, warnings apart; the stack's name falls back to the file's. */
class StackConfigTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Flotilla.commandLine(List.of());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsTheMergedInterpolatedFile_andWarningsOnStderr() throws Exception {
    Files.writeString(dir.resolve("compose.yml"), "services:\n  web:\n    image: nginx:${TAG}\n"
        + "    volumes: [./html:/html]\n    profiles: [web]\n");
    Files.writeString(dir.resolve("compose.prod.yml"), "services:\n  web:\n    deploy:\n      replicas: 3\n");
    Files.writeString(dir.resolve("prod.env"), "TAG=1.25\n");
    Run run = run("stack", "config", "-c", dir.resolve("compose.yml").toString(), "-c",
        dir.resolve("compose.prod.yml").toString(), "--env-file", dir.resolve("prod.env").toString(),
        "--profile", "web");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).isEqualTo("services:\n  web:\n    image: nginx:1.25\n    volumes:\n      - "
        + dir.resolve("html") + ":/html\n    deploy:\n      replicas: 3\n");
    assertThat(run.err).startsWith("Warning: services.web.volumes[0]: bind mount source " + dir.resolve("html"));
  }

  @Test
  void dashReadsTheFileFromStdin() {
    java.io.InputStream stdin = System.in;
    System.setIn(new java.io.ByteArrayInputStream("services:\n  web:\n    image: nginx:${NOT_SET_IN_TESTS:-1}\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      Run run = run("stack", "config", "-c", "-");
      assertThat(run.exit).as(run.err).isZero();
      assertThat(run.out).isEqualTo("services:\n  web:\n    image: nginx:1\n");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void anErrorNamesTheKeyAndExitsNonZero() throws Exception {
    Files.writeString(dir.resolve("compose.yml"), "services:\n  db:\n    image: postgres\n    environment:\n"
        + "      PASSWORD: ${DB_PASS_UNSET_IN_TESTS:?set it}\n");
    Run run = run("stack", "config", "-c", dir.resolve("compose.yml").toString());
    assertThat(run.exit).isNotZero();
    assertThat(run.err).contains("services.db.environment.PASSWORD: required variable DB_PASS_UNSET_IN_TESTS"
        + " is missing: set it");
  }

  @Test
  void helpTeachesWithExamples() {
    for (String verb : List.of("config", "deploy")) {
      Run run = run("stack", verb, "--help");
      assertThat(run.out).contains("--env-file", "--profile", "-c, --compose-file", "Example");
    }
  }

  @Test
  void theStackNameIsTheArgument_elseTheFilesName() {
    ComposeLoader.Result named = new ComposeLoader.Result(JsonNodeFactory.instance.objectNode(), "billing", List.of(), null);
    ComposeLoader.Result unnamed = new ComposeLoader.Result(JsonNodeFactory.instance.objectNode(), null, List.of(), null);
    assertThat(ComposeOptions.stackName("shop", named)).isEqualTo("shop");
    assertThat(ComposeOptions.stackName(null, named)).isEqualTo("billing");
    assertThatThrownBy(() -> ComposeOptions.stackName(null, unnamed)).isInstanceOf(CliException.class)
        .hasMessageContaining("give the stack a name");
  }
}
