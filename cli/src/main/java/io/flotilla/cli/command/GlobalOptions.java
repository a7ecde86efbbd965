package io.flotilla.cli.command;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options given before the verb, as docker takes them: {@code flotilla -H https://10.0.0.1:7100 service ls}.
 * A command's own {@code --host} (after the verb) wins over this one.
 */
public final class GlobalOptions {
  /** The name of this mixin on the root command, where {@link ApiOptions} looks for it. */
  public static final String MIXIN_NAME = "global";

  @Option(names = {"-H", "--host"}, paramLabel = "URL",
      description = "Flotilla API address, for every verb (default: $FLOTILLA_HOST or https://127.0.0.1:7100)")
  String host;

  /** The host given before the verb of {@code command}'s invocation, or null. */
  static String hostOf(CommandSpec command) {
    if (command == null) {
      return null;
    }
    CommandSpec global = command.root().mixins().get(MIXIN_NAME);
    return global != null && global.userObject() instanceof GlobalOptions options ? options.host : null;
  }
}
