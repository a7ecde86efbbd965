package io.flotilla.cli;

import io.flotilla.cli.command.CliException;
import io.flotilla.cli.command.DownCommand;
import io.flotilla.cli.command.EventsCommand;
import io.flotilla.cli.command.GlobalOptions;
import io.flotilla.cli.command.InitCommand;
import io.flotilla.cli.command.JoinCommand;
import io.flotilla.cli.command.JoinTokenCommand;
import io.flotilla.cli.command.NetworkCommand;
import io.flotilla.cli.command.NodeCommand;
import io.flotilla.cli.command.ServiceCommand;
import io.flotilla.cli.command.StackCommand;
import io.flotilla.cli.command.TokenCommand;
import io.flotilla.cli.command.UpCommand;
import io.flotilla.model.InvalidSpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code flotilla} command. */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "flotilla 0.1.0",
    description = "Run your containers on several servers: Docker Swarm's job, done with care.",
    subcommands = {UpCommand.class, DownCommand.class, InitCommand.class, JoinCommand.class,
        JoinTokenCommand.class, ServiceCommand.class, StackCommand.class, NodeCommand.class, NetworkCommand.class,
        EventsCommand.class, TokenCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Get started:",
        "  flotilla up -d                                   start the all-in-one cluster",
        "  flotilla service create --name web --replicas 3 IMAGE",
        "  flotilla service ps web                          where its tasks run",
        "  flotilla service scale web=10"})
public final class Flotilla {
  @Mixin(name = GlobalOptions.MIXIN_NAME)
  GlobalOptions global;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Flotilla());
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof CliException || e instanceof InvalidSpecException) {
        commandLine.getErr().println("Error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli;
  }
}
