package io.flotilla.cli;

import io.flotilla.cli.command.DownCommand;
import io.flotilla.cli.command.InitCommand;
import io.flotilla.cli.command.JoinCommand;
import io.flotilla.cli.command.UpCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * The main of the full jar ({@code flotilla.jar}): every verb of {@link Flotilla}, and the ones that
 * run a Flotilla process (manager, agent, all-in-one) with Vert.x, Hazelcast, Ratis and docker-java.
 */
public final class FlotillaServer {
  /** In the order {@code flotilla --help} lists them; their names are {@link Flotilla#SERVER_VERBS}. */
  static final List<Class<?>> SERVER_VERB_COMMANDS =
      List.of(UpCommand.class, DownCommand.class, InitCommand.class, JoinCommand.class);

  private FlotillaServer() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return Flotilla.commandLine(SERVER_VERB_COMMANDS);
  }
}
