package io.flotilla.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Messages;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisibilityTest {
  private static final Messages.NodeNetwork FRONT = new Messages.NodeNetwork("f", "front", 4096, "10.1.0.0/20",
      "10.1.0.0/26", "10.1.0.1", List.of(), List.of(new Messages.Endpoint("frontend", "t1", "10.1.0.2")));
  private static final Messages.NodeNetwork BACK = new Messages.NodeNetwork("b", "back", 4097, "10.2.0.0/20",
      "10.2.0.0/26", "10.2.0.1", List.of(), List.of(new Messages.Endpoint("frontend", "t1", "10.2.0.2"),
          new Messages.Endpoint("backend", "t2", "10.2.0.3")));
  private static final Messages.NodeNetwork OTHER = new Messages.NodeNetwork("o", "other", 4098, "10.3.0.0/20",
      "10.3.0.0/26", "10.3.0.1", List.of(), List.of(new Messages.Endpoint("secret", "t3", "10.3.0.2")));
  private final Visibility visibility = Visibility.of(List.of(FRONT, BACK, OTHER));

  @Test
  void aContainerSeesTheServicesOfEveryNetworkItIsOn_askingOnItsFirst() {
    assertThat(visibility.from("f", "10.1.0.2").lookup("backend")).contains(List.of("10.2.0.3"));
    assertThat(visibility.from("f", "10.1.0.2").lookup("secret")).isEqualTo(Optional.empty());
  }

  @Test
  void anUnknownClientSeesOnlyTheNetworkItAskedOn() {
    assertThat(visibility.from("f", "10.1.0.9").lookup("backend")).isEqualTo(Optional.empty());
    assertThat(visibility.from("f", "10.1.0.9").lookup("frontend")).contains(List.of("10.1.0.2"));
  }
}
