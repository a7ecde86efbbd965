package io.flotilla.scheduler.raft;

import java.util.List;

/**
 * The managers' group as one manager sees it: who leads (null when it knows no live leader),
 * the term, whether writes can commit ({@code quorum}, with the {@code reason} when not), and
 * each member with whether this manager hears from it.
 */
public record RaftStatus(String self, String leader, long term, boolean quorum, List<Member> members,
    String reason) {
  public RaftStatus {
    members = List.copyOf(members);
  }

  public record Member(String id, String address, boolean leader, boolean reachable) {}

  public boolean isLeader() {
    return self.equals(leader);
  }

  public java.util.Set<String> memberIds() {
    return members.stream().map(Member::id).collect(java.util.stream.Collectors.toSet());
  }

  public java.util.Set<String> reachableIds() {
    return members.stream().filter(Member::reachable).map(Member::id).collect(java.util.stream.Collectors.toSet());
  }
}
