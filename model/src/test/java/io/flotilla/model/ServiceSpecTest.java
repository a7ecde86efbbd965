package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSpecTest {

  @Test
  void aNullListElement_isRejectedNamingItsIndex() {
    List<String> command = Arrays.asList("sh", null);

    assertThatThrownBy(() -> new ServiceSpec("web", "nginx", null, null, command, null, null, null, null, null, null,
        null, null, null, null, null, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("command[1]: expected a string, not null");
  }

  @Test
  void aNullMapValue_isRejectedNamingItsKey() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", null);

    assertThatThrownBy(() -> new ServiceSpec("web", "nginx", null, null, null, null, env, null, null, null, null,
        null, null, null, null, null, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("env.HOME: expected a string, not null");
  }
}
