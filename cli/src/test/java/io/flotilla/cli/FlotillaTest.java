package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client jar's main finds the verb past the options before it, to name a server verb it cannot run. */
class FlotillaTest {
  @Test
  void everyCommand_answersHelp_withItsUsage() {
    for (String[] args : new String[][] {{"service", "ls", "--help"}, {"service", "logs", "-h"},
        {"node", "update", "--help"}, {"stack", "deploy", "--help"}, {"stack", "config", "--help"}, {"token", "create", "--help"}}) {
      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine cli = Flotilla.commandLine(java.util.List.of(), args[0]);
      cli.setOut(new java.io.PrintWriter(out));

      assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: flotilla " + args[0] + " " + args[1]);
    }
  }

  @Test
  void helpFooters_keepTheirLines_asWritten() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = Flotilla.commandLine(java.util.List.of(), "stack");
    cli.setOut(new java.io.PrintWriter(out));

    cli.execute("stack", "deploy", "--help");

    assertThat(out.toString()).contains(
        "\nKeys Flotilla does not support are listed as warnings; an invalid file is rejected with the key at fault.\n");
  }

  @Test
  void theVerbIsTheFirstArgumentPastTheHost() {
    assertThat(Flotilla.verb(new String[] {"-H", "https://10.0.0.1:7100", "up", "-d"})).isEqualTo("up");
    assertThat(Flotilla.verb(new String[] {"--host", "https://x", "service", "ls"})).isEqualTo("service");
    assertThat(Flotilla.verb(new String[] {"--host=https://x", "join", "--token", "T"})).isEqualTo("join");
    assertThat(Flotilla.verb(new String[] {"--help"})).isNull();
  }
}
