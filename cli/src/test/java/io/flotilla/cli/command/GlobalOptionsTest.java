package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.cli.Flotilla;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** {@code -H}/{@code --host} before the verb, as docker takes it, and after it. */
class GlobalOptionsTest {
  private static String hostOf(String... args) {
    ParseResult parsed = Flotilla.commandLine(List.of()).parseArgs(args);
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    Object command = parsed.commandSpec().userObject();
    ApiOptions api = (ApiOptions) parsed.commandSpec().mixins().get("api").userObject();
    assertThat(command).isNotNull();
    return api.client().base();
  }

  @Test
  void theHostBeforeTheVerbReachesTheCommand() {
    assertThat(hostOf("-H", "https://10.0.0.1:7100", "service", "ls")).isEqualTo("https://10.0.0.1:7100/");
    assertThat(hostOf("--host", "https://10.0.0.2:7100", "node", "ls")).isEqualTo("https://10.0.0.2:7100/");
    assertThat(hostOf("--host=https://10.0.0.3:7100", "service", "ps", "web")).isEqualTo("https://10.0.0.3:7100/");
  }

  @Test
  void theHostAfterTheVerbWorksAsBeforeAndWins() {
    assertThat(hostOf("service", "ls", "-H", "https://10.0.0.4:7100")).isEqualTo("https://10.0.0.4:7100/");
    assertThat(hostOf("-H", "https://10.0.0.1:7100", "node", "ls", "--host", "https://10.0.0.5:7100"))
        .isEqualTo("https://10.0.0.5:7100/");
  }

  @Test
  void helpShowsTheHostOption() {
    assertThat(Flotilla.commandLine(List.of()).getUsageMessage()).contains("-H, --host=URL");
  }
}
