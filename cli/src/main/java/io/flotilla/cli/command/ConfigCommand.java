package io.flotilla.cli.command;

import io.flotilla.model.FileKind;
import picocli.CommandLine.Command;

/** {@code flotilla config ...}: configs, files the managers keep and give to tasks (not secret: inspect shows them). */
@Command(name = "config", description = "Manage configs",
    subcommands = {ConfigCommand.Create.class, ConfigCommand.Ls.class, ConfigCommand.Inspect.class,
        ConfigCommand.Rm.class})
public final class ConfigCommand {
  @Command(name = "create", description = "Create a config from a file or stdin (1 byte to 1000 KiB)",
      footer = {"", "A service's tasks see it as a file, /NAME by default:",
          "  flotilla service create --config source=nginx_conf,target=/etc/nginx/nginx.conf --name web nginx:1",
          "", "Examples:", "  flotilla config create nginx_conf ./nginx.conf",
          "  cat app.yml | flotilla config create -l env=prod app_yml -"})
  static final class Create extends FileObjectCommands.Create {
    @Override
    FileKind kind() {
      return FileKind.CONFIG;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List configs")
  static final class Ls extends FileObjectCommands.Ls {
    @Override
    FileKind kind() {
      return FileKind.CONFIG;
    }
  }

  @Command(name = "inspect", description = "Show configs in detail, content base64-encoded (JSON)")
  static final class Inspect extends FileObjectCommands.Inspect {
    @Override
    FileKind kind() {
      return FileKind.CONFIG;
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove configs no service uses")
  static final class Rm extends FileObjectCommands.Rm {
    @Override
    FileKind kind() {
      return FileKind.CONFIG;
    }
  }
}
