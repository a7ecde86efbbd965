package io.flotilla.cli.command;

import io.flotilla.model.FileKind;
import picocli.CommandLine.Command;

/** {@code flotilla secret ...}: secrets, kept encrypted by the managers and given to tasks as files. */
@Command(name = "secret", description = "Manage secrets",
    subcommands = {SecretCommand.Create.class, SecretCommand.Ls.class, SecretCommand.Inspect.class,
        SecretCommand.Rm.class})
public final class SecretCommand {
  @Command(name = "create", description = "Create a secret from a file or stdin (1 byte to 500 KiB)",
      footer = {"", "The managers keep it encrypted and send it only to the nodes that run a task using it; no",
          "answer of the API shows it again. A service's tasks see it as a file, /run/secrets/NAME by default:",
          "  flotilla service create --secret db_password --name api app:1", "", "Examples:",
          "  flotilla secret create db_password ./password.txt",
          "  printf 'hunter2' | flotilla secret create -l env=prod db_password -"})
  static final class Create extends FileObjectCommands.Create {
    @Override
    FileKind kind() {
      return FileKind.SECRET;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List secrets (their metadata; never their content)")
  static final class Ls extends FileObjectCommands.Ls {
    @Override
    FileKind kind() {
      return FileKind.SECRET;
    }
  }

  @Command(name = "inspect", description = "Show secrets' metadata (JSON; never their content)")
  static final class Inspect extends FileObjectCommands.Inspect {
    @Override
    FileKind kind() {
      return FileKind.SECRET;
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove secrets no service uses")
  static final class Rm extends FileObjectCommands.Rm {
    @Override
    FileKind kind() {
      return FileKind.SECRET;
    }
  }
}
