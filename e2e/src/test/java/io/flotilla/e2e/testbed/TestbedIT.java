package io.flotilla.e2e.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.e2e.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The test bed really gives separate hosts: three engines with their own hostnames, traffic
 * between namespaces over the bridge, a kill that leaves nothing running, a revive, a partition
 * and a teardown that leaves nothing behind. Checks read /proc, ip and iptables directly rather
 * than trusting the harness. The tests run in order on one test bed; the last one closes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class TestbedIT {
  private static final String WEB = "flotilla-test/web:1";
  private static final String HELLO = "hello from flotilla-test/web";
  private Testbed bed;

  @BeforeAll
  void start() {
    bed = Testbed.start(3);
    System.out.println("test bed of 3 hosts up in " + bed.startupTime().toMillis() + " ms");
  }

  @AfterAll
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  @Order(1)
  void threeHosts_eachEngineAnswersWithItsOwnHostname_andHasTheTestImages() {
    assertThat(bed.hosts()).extracting(Testbed.Host::name).containsExactly("fl-h1", "fl-h2", "fl-h3");
    for (Testbed.Host host : bed.hosts()) {
      assertThat(host.docker("info", "--format", "{{.Name}}").orFail().out().strip()).isEqualTo(host.name());
      assertThat(host.docker("image", "inspect", "-f", "{{.Id}}", WEB).exitCode()).as(host + " has " + WEB).isZero();
      assertThat(host.exec("ip", "-4", "-o", "addr", "show", "eth0").orFail().out()).contains(host.address() + "/24");
    }
    assertThat(bed.startupTime()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  @Order(2)
  void portPublishedOnHost1_answersHost2_throughTheBridgeAndItsForwardRule() {
    Testbed.Host h1 = bed.host(1);
    Testbed.Host h2 = bed.host(2);
    String id = h1.docker("run", "-d", "-p", "8080:80", "--label", "flotilla.testbed=web", WEB).orFail().out().strip();
    assertThat(h1.runningContainers("flotilla.testbed=web")).containsExactly(id);
    assertThat(h2.runningContainers("flotilla.testbed=web")).as("engines are separate").isEmpty();

    await(Duration.ofSeconds(10), "host 2 to fetch from host 1", () -> fetch(h2, "http://10.77.0.11:8080/").contains(HELLO));

    // Control: without the FORWARD rule, the first dockerd's DROP policy stops bridged traffic.
    String[] rule = {"FORWARD", "-i", Testbed.BRIDGE, "-o", Testbed.BRIDGE, "-j", "ACCEPT"};
    assertThat(iptables("-C", rule).exitCode()).as("FORWARD rule present").isZero();
    iptables("-D", rule).orFail();
    try {
      assertThat(fetch(h2, "http://10.77.0.11:8080/")).doesNotContain(HELLO);
    } finally {
      iptables("-I", rule).orFail();
    }
  }

  @Test
  @Order(3)
  void startedProcess_runsAsTheHost_andKillLeavesNothingOfTheHostRunning() throws Exception {
    Testbed.Host h1 = bed.host(1);
    String container = h1.docker("run", "-d", "--label", "flotilla.testbed=kill", WEB).orFail().out().strip();
    long containerPid = Long.parseLong(h1.docker("inspect", "-f", "{{.State.Pid}}", container).orFail().out().strip());
    Path log = bed.logDir().resolve("agent-fl-h1.log");
    Files.deleteIfExists(log);
    Process agent = h1.start(List.of("sh", "-c",
        "hostname; echo \"docker=$DOCKER_HOST greeting=$GREETING\"; ip -4 -o addr show eth0; exec sleep 600"),
        Map.of("GREETING", "hi"), log);
    await(Duration.ofSeconds(10), "the started process to print its address", () -> read(log).contains("10.77.0.11/24"));

    List<String> lines = read(log).lines().toList();
    assertThat(lines.get(0)).isEqualTo("fl-h1");
    assertThat(lines.get(1)).isEqualTo("docker=unix:///run/docker-fl-h1.sock greeting=hi");
    assertThat(Shell.run("hostname").orFail().out().strip()).as("the root namespace keeps its hostname").isNotEqualTo("fl-h1");

    long dockerd = Long.parseLong(Files.readString(Path.of("/run/docker-fl-h1.pid")).strip());
    Set<Long> containerd = pidsWhoseCommandLineContains("/run/docker-fl-h1/containerd/");
    Set<Long> before = processesOf("fl-h1");
    assertThat(containerd).as("containerd and a shim").hasSizeGreaterThanOrEqualTo(2);
    assertThat(before).contains(agent.pid(), dockerd, containerPid).containsAll(containerd);

    h1.kill();

    assertThat(agent.isAlive()).isFalse();
    assertThat(before).allSatisfy(pid -> assertThat(alive(pid)).as("process %d of fl-h1 is dead", pid).isFalse());
    assertThat(processesOf("fl-h1")).as("live processes of fl-h1").isEmpty();
    assertThat(Path.of("/run/netns/fl-h1")).as("the namespace stays").exists();
    assertThat(h1.docker("info").exitCode()).isNotZero();
    assertThat(bed.host(2).docker("info", "--format", "{{.Name}}").orFail().out().strip()).isEqualTo("fl-h2");
  }

  @Test
  @Order(4)
  void revive_bringsTheEngineBack_withItsContainersStopped() {
    Testbed.Host h1 = bed.host(1);
    h1.revive();

    assertThat(h1.docker("info", "--format", "{{.Name}}").orFail().out().strip()).isEqualTo("fl-h1");
    assertThat(h1.docker("ps", "-a", "--filter", "label=flotilla.testbed=kill", "--format", "{{.State}}").orFail().out().strip())
        .isEqualTo("exited");
    assertThat(h1.runningContainers("flotilla.testbed")).isEmpty();
    h1.docker("run", "-d", "--label", "flotilla.testbed=revived", WEB).orFail();
    assertThat(h1.runningContainers("flotilla.testbed=revived")).hasSize(1);
    assertThat(h1.exec("hostname").orFail().out().strip()).isEqualTo("fl-h1");
  }

  @Test
  @Order(5)
  void partition_cutsTheHostOffWithinASecond_andHealReconnectsIt() {
    Testbed.Host h1 = bed.host(1);
    Testbed.Host h2 = bed.host(2);
    assertThat(ping(h1, h2.address())).isTrue();

    h2.partition();
    Instant cut = Instant.now();
    assertThat(ping(h1, h2.address())).as("host 1 reaches a partitioned host 2").isFalse();
    assertThat(Duration.between(cut, Instant.now())).isLessThan(Duration.ofMillis(1500));
    assertThat(ping(h2, Testbed.MANAGER_ADDRESS)).as("host 2 reaches the manager side").isFalse();
    assertThat(ping(h1, bed.host(3).address())).as("the others still talk").isTrue();
    assertThat(h2.docker("info", "--format", "{{.Name}}").orFail().out().strip()).as("host 2 keeps running").isEqualTo("fl-h2");

    h2.heal();
    await(Duration.ofSeconds(5), "host 1 to reach host 2 again", () -> ping(h1, h2.address()));
  }

  @Test
  @Order(6)
  void close_leavesNoNamespaceVethBridgeRuleOrEngine() {
    bed.close();

    assertThat(Shell.run("ip", "netns", "list").orFail().out()).doesNotContain("fl-h");
    assertThat(Shell.run("ip", "-o", "link", "show").orFail().out()).doesNotContain("fl-h").doesNotContain(Testbed.BRIDGE);
    assertThat(iptables("-S", "FORWARD").orFail().out()).doesNotContain(Testbed.BRIDGE);
    assertThat(Path.of("/var/lib/docker-fl-h1")).doesNotExist();
    assertThat(Path.of("/run/docker-fl-h1")).doesNotExist();
    assertThat(Path.of("/run/docker-fl-h1.sock")).doesNotExist();
    assertThat(read(Path.of("/proc/mounts"))).doesNotContain("docker-fl-h");
    assertThat(pidsWhoseCommandLineContains("docker-fl-h")).as("engines of the test bed").isEmpty();
  }

  // ---- checks of our own, straight from the kernel

  /** busybox wget inside a host (its -T option crashes here, hence timeout). */
  private static String fetch(Testbed.Host from, String url) {
    return from.exec("timeout", "3", "busybox", "wget", "-qO-", url).out();
  }

  private static boolean ping(Testbed.Host from, String address) {
    return from.exec("busybox", "ping", "-c", "1", "-W", "1", address).exitCode() == 0;
  }

  private static Shell.Result iptables(String command, String... rule) {
    return Shell.run(Stream.concat(Stream.of("iptables", command), Stream.of(rule)).toList());
  }

  /** Alive, and not a zombie: killed processes linger as zombies here and still answer kill -0. */
  private static boolean alive(long pid) {
    return read(Path.of("/proc", String.valueOf(pid), "status")).lines()
        .filter(line -> line.startsWith("State:"))
        .anyMatch(line -> !line.contains("Z (zombie)") && !line.contains("X (dead)"));
  }

  /** Live processes in the host's network namespace or in its containers' cgroup. */
  private static Set<Long> processesOf(String host) throws IOException {
    String netns = "net:[" + Files.getAttribute(Path.of("/run/netns", host), "unix:ino") + "]";
    Set<Long> pids = new TreeSet<>();
    for (long pid : livePids()) {
      Path proc = Path.of("/proc", String.valueOf(pid));
      try {
        if (Files.readSymbolicLink(proc.resolve("ns/net")).toString().equals(netns)
            || read(proc.resolve("cgroup")).contains(":/flotilla-" + host + "/")) {
          pids.add(pid);
        }
      } catch (IOException gone) {
        // exited while we looked
      }
    }
    return pids;
  }

  private static Set<Long> pidsWhoseCommandLineContains(String text) {
    Set<Long> pids = new TreeSet<>();
    for (long pid : livePids()) {
      if (read(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ').contains(text)) {
        pids.add(pid);
      }
    }
    return pids;
  }

  private static List<Long> livePids() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .map(Long::valueOf).filter(pid -> pid != ProcessHandle.current().pid()).filter(TestbedIT::alive).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static void await(Duration timeout, String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
