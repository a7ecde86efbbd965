package io.flotilla.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the engine runs each task's container, beyond image and command, with Docker's meaning
 * for each ({@code docker run --init}, {@code --user}, {@code --workdir}, ...). Null or empty
 * leaves the engine's or the image's default.
 */
public record ContainerOptions(
    Boolean init,
    String user,
    String workingDir,
    String hostname,
    String stopSignal,
    Duration stopGracePeriod,
    List<String> capAdd,
    List<String> capDrop,
    Map<String, String> sysctls,
    Map<String, Ulimit> ulimits,
    List<String> extraHosts,
    List<String> dns,
    List<String> dnsSearch,
    boolean readOnly,
    LogDriver logging) {

  public static final ContainerOptions NONE = new ContainerOptions(null, null, null, null, null, null, null, null,
      null, null, null, null, null, false, null);

  /** What the engine waits by default for a container to stop before it kills it. */
  public static final int DEFAULT_STOP_SECONDS = 10;

  /** Seconds to wait for a task's container to stop before it is killed: the stop grace period, rounded up. */
  public int stopSeconds() {
    if (stopGracePeriod == null) {
      return DEFAULT_STOP_SECONDS;
    }
    long seconds = stopGracePeriod.toSeconds() + (stopGracePeriod.toNanosPart() > 0 ? 1 : 0);
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  public ContainerOptions {
    Check.that(stopGracePeriod == null || !stopGracePeriod.isNegative(), "container.stopGracePeriod",
        "must not be negative");
    Check.that(user == null || !user.isBlank(), "container.user", "must not be blank");
    Check.that(workingDir == null || workingDir.startsWith("/"), "container.workingDir",
        "must be an absolute path, not '" + workingDir + "'");
    hostname = ContainerChecks.hostname("container.hostname", hostname);
    stopSignal = ContainerChecks.signal("container.stopSignal", stopSignal);
    capAdd = ContainerChecks.capabilities("container.capAdd", Check.list("container.capAdd", "a capability", capAdd));
    capDrop = ContainerChecks.capabilities("container.capDrop",
        Check.list("container.capDrop", "a capability", capDrop));
    sysctls = Check.map("container.sysctls", "a string", sysctls);
    ContainerChecks.sysctls("container.sysctls", sysctls);
    ulimits = Check.map("container.ulimits", "a limit such as {\"soft\": 1024, \"hard\": 2048}", ulimits);
    ContainerChecks.ulimits("container.ulimits", ulimits);
    extraHosts = Check.list("container.extraHosts", "HOST:IP", extraHosts);
    ContainerChecks.extraHosts("container.extraHosts", extraHosts);
    dns = Check.list("container.dns", "an IP address", dns);
    ContainerChecks.ips("container.dns", dns);
    dnsSearch = Check.list("container.dnsSearch", "a domain", dnsSearch);
    ContainerChecks.domains("container.dnsSearch", dnsSearch);
  }
}
