package io.flotilla.scheduler.membership;

import java.util.Optional;
import java.util.Set;

/**
 * Which changes to the managers' group keep it able to commit: pure arithmetic over who is in
 * the group and whom the answering manager hears from.
 */
public final class Quorum {
  private Quorum() {}

  public static int majority(int managers) {
    return managers / 2 + 1;
  }

  /**
   * Why {@code leaving} may not leave a group of {@code members} of which {@code reachable}
   * answer, or empty when it may: never the last manager, and never so that the managers left
   * could not form a majority among themselves.
   */
  public static Optional<String> whyNotRemove(Set<String> members, Set<String> reachable, String leaving,
      String name) {
    if (!members.contains(leaving)) {
      return Optional.of(name + " is not a manager");
    }
    if (members.size() == 1) {
      return Optional.of(name + " is the last manager: a cluster needs one; promote another node first");
    }
    int left = members.size() - 1;
    long reachableLeft = reachable.stream().filter(members::contains).filter(id -> !id.equals(leaving)).count();
    if (reachableLeft < majority(left)) {
      return Optional.of("without " + name + " the cluster would have " + left + " managers of which only "
          + reachableLeft + " answer, fewer than the majority of " + majority(left)
          + " it needs to make any change; bring the unreachable managers back first");
    }
    return Optional.empty();
  }
}
