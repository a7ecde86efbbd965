package io.flotilla.cli.command;

import io.flotilla.cli.compose.ComposeException;
import io.flotilla.cli.compose.ComposeLoader;
import io.flotilla.cli.compose.FileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The compose files of {@code stack deploy} and {@code stack config}, and how to load them. */
final class ComposeOptions {
  private static final Path STDIN = Path.of("-");

  @Option(names = {"-c", "--compose-file"}, required = true, paramLabel = "FILE",
      description = "A compose file (- for stdin); repeat it to merge override files in order")
  List<Path> files = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Variables for interpolation, instead of the .env beside the first file (repeatable)")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Also deploy the services of this profile (repeatable; default: COMPOSE_PROFILES)")
  List<String> profiles = new ArrayList<>();

  /** The resolved document; its warnings printed as the manager's are ("Warning: ..."). */
  ComposeLoader.Result load(PrintWriter warnings) {
    ComposeLoader.Result result;
    try {
      result = ComposeLoader.load(new ComposeLoader.Request(files, envFiles, profiles, System.getenv()),
          withStdin(FileReader.DISK));
    } catch (ComposeException e) {
      throw new CliException(e.getMessage());
    }
    result.warnings().forEach(w -> warnings.println("Warning: " + w));
    warnings.flush();
    return result;
  }

  /** {@code -c -} reads the file from stdin, as docker's does; its relative paths are against the working directory. */
  private FileReader withStdin(FileReader disk) {
    if (!files.contains(STDIN)) {
      return disk;
    }
    String stdin;
    try {
      stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read the compose file from stdin: " + e.getMessage());
    }
    Path fromStdin = STDIN.toAbsolutePath().normalize();
    return path -> path.equals(fromStdin) ? Optional.of(stdin) : disk.read(path);
  }

  /** The STACK argument, else the file's top-level {@code name}. */
  static String stackName(String argument, ComposeLoader.Result result) {
    if (argument != null) {
      return argument;
    }
    if (result.name() == null || result.name().isBlank()) {
      throw new CliException("give the stack a name: the STACK argument, or a top-level name: in the compose file");
    }
    return result.name();
  }
}
