package io.flotilla.scheduler.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumTest {
  @Test
  void majorities() {
    assertThat(Quorum.majority(1)).isEqualTo(1);
    assertThat(Quorum.majority(2)).isEqualTo(2);
    assertThat(Quorum.majority(3)).isEqualTo(2);
    assertThat(Quorum.majority(5)).isEqualTo(3);
    assertThat(Quorum.majority(7)).isEqualTo(4);
  }

  @Test
  void theLastManager_cannotLeave() {
    assertThat(Quorum.whyNotRemove(Set.of("a"), Set.of("a"), "a", "host-a"))
        .hasValueSatisfying(why -> assertThat(why).contains("host-a is the last manager"));
  }

  @Test
  void aReachableManagerOfThree_mayLeave_whenTheOtherTwoAnswer() {
    assertThat(Quorum.whyNotRemove(Set.of("a", "b", "c"), Set.of("a", "b", "c"), "c", "host-c")).isEmpty();
  }

  @Test
  void leavingMustNotStrandTheRest_withoutAMajority() {
    assertThat(Quorum.whyNotRemove(Set.of("a", "b", "c"), Set.of("a", "b"), "b", "host-b"))
        .hasValueSatisfying(why -> assertThat(why).contains("2 managers of which only 1 answer")
            .contains("majority of 2"));
  }

  @Test
  void anUnreachableManager_mayBeRemoved_whenTheOthersStillFormAMajority() {
    assertThat(Quorum.whyNotRemove(Set.of("a", "b", "c"), Set.of("a", "b"), "c", "host-c")).isEmpty();
  }

  @Test
  void aWorker_isNotAManager() {
    assertThat(Quorum.whyNotRemove(Set.of("a"), Set.of("a"), "w", "host-w"))
        .hasValueSatisfying(why -> assertThat(why).isEqualTo("host-w is not a manager"));
  }
}
