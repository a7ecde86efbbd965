package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client jar's main finds the verb past the options before it, to name a server verb it cannot run. */
class FlotillaTest {
  @Test
  void theVerbIsTheFirstArgumentPastTheHost() {
    assertThat(Flotilla.verb(new String[] {"-H", "https://10.0.0.1:7100", "up", "-d"})).isEqualTo("up");
    assertThat(Flotilla.verb(new String[] {"--host", "https://x", "service", "ls"})).isEqualTo("service");
    assertThat(Flotilla.verb(new String[] {"--host=https://x", "join", "--token", "T"})).isEqualTo("join");
    assertThat(Flotilla.verb(new String[] {"--help"})).isNull();
  }
}
