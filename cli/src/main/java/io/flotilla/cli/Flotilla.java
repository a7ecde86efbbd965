package io.flotilla.cli;

import io.flotilla.cli.command.CliException;
import io.flotilla.cli.command.EventsCommand;
import io.flotilla.cli.command.GlobalOptions;
import io.flotilla.cli.command.JoinTokenCommand;
import io.flotilla.cli.command.NetworkCommand;
import io.flotilla.cli.command.SecretCommand;
import io.flotilla.cli.command.ConfigCommand;
import io.flotilla.cli.command.NodeCommand;
import io.flotilla.cli.command.ServiceCommand;
import io.flotilla.cli.command.StackCommand;
import io.flotilla.cli.command.TokenCommand;
import io.flotilla.model.InvalidSpecException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code flotilla} command, and the main of the slim client jar ({@code flotilla-client.jar}):
 * the verbs that talk to the API, with picocli, Jackson and the JDK's HTTP client alone on its
 * class path, so that they start fast. The verbs that run a Flotilla process ({@link #SERVER_VERBS})
 * come from {@link FlotillaServer}, the full jar's main; {@code bin/flotilla} picks the jar.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    version = "flotilla 0.1.0",
    description = "Run your containers on several servers: Docker Swarm's job, done with care.",
    footer = {"", "Get started:",
        "  flotilla up -d                                   start the all-in-one cluster",
        "  flotilla service create --name web --replicas 3 IMAGE",
        "  flotilla service ps web                          where its tasks run",
        "  flotilla service scale web=10",
        "  flotilla -H https://10.0.0.1:7100 node ls        ask another cluster's API"})
public final class Flotilla {
  /** The verbs that start or stop a Flotilla process: only the full jar carries them. */
  public static final List<String> SERVER_VERBS = List.of("up", "down", "init", "join");
  /** The verbs that talk to the API: the whole of the client jar. */
  static final List<Class<?>> CLIENT_VERBS = List.of(JoinTokenCommand.class, ServiceCommand.class,
      StackCommand.class, NodeCommand.class, NetworkCommand.class, SecretCommand.class, ConfigCommand.class, EventsCommand.class, TokenCommand.class);

  @Mixin(name = GlobalOptions.MIXIN_NAME)
  GlobalOptions global;

  public static void main(String[] args) {
    String verb = verb(args);
    if (verb != null && SERVER_VERBS.contains(verb)) {
      System.err.println("Error: '" + verb + "' runs a Flotilla process, which the client jar cannot: run it with "
          + "bin/flotilla " + verb + " (or java -jar cli/target/flotilla.jar " + verb + ")");
      System.exit(2);
    }
    System.exit(commandLine(List.of(), verb).execute(args));
  }

  private static final int HELP_WIDTH = 110;

  /** The command with {@code serverVerbs} (command classes; none in the client jar) first, then every client verb. */
  public static CommandLine commandLine(List<Class<?>> serverVerbs) {
    return commandLine(serverVerbs, null);
  }

  /**
   * As {@link #commandLine(List)}, but when {@code verb} is a client verb, with that verb alone:
   * picocli reads every command class it is given, which was most of a quick command's time.
   */
  static CommandLine commandLine(List<Class<?>> serverVerbs, String verb) {
    List<Class<?>> called = CLIENT_VERBS.stream()
        .filter(command -> command.getAnnotation(Command.class).name().equals(verb)).toList();
    CommandLine cli = new CommandLine(new Flotilla());
    if (!called.isEmpty()) {
      called.forEach(cli::addSubcommand);
      return handlingErrors(cli);
    }
    serverVerbs.forEach(cli::addSubcommand);
    CLIENT_VERBS.forEach(cli::addSubcommand);
    cli.addSubcommand(new CommandLine.HelpCommand());
    return handlingErrors(cli);
  }

  /** Help at docker's width (its footers are written for it, not for 80 columns), errors as one line. */
  private static CommandLine handlingErrors(CommandLine cli) {
    cli.setUsageHelpWidth(HELP_WIDTH);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof CliException || e instanceof InvalidSpecException) {
        commandLine.getErr().println("Error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli;
  }

  /** The first argument that is not an option before the verb ({@code -H URL}), or null. */
  static String verb(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-H") || arg.equals("--host")) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }
}
