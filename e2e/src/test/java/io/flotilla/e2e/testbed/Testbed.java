package io.flotilla.e2e.testbed;

import io.flotilla.e2e.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * N "hosts" on this machine for multi-host tests. Host {@code i} is the network namespace
 * {@code fl-h<i>} with address 10.77.0.(10+i), hostname {@code fl-h<i>} and a Docker engine of its
 * own; all hang off the bridge {@value #BRIDGE}, whose root-namespace side {@value #MANAGER_ADDRESS}
 * is where a test's manager listens.
 *
 * <p>{@code testbed/hosts.sh} does the work, so tests, people and benchmarks get the same hosts
 * from one implementation. This class adds what only the JVM can do: it tracks the processes a
 * test starts in a host, and tears everything down on {@link #close()}, when {@link #start} fails
 * and, as a last resort, at JVM exit. The names are fixed, so there is one test bed per machine:
 * a second JVM waits for the first one's to close.
 *
 * <pre>{@code
 * try (Testbed bed = Testbed.start(3)) {
 *   Testbed.Host h1 = bed.host(1);
 *   h1.start(List.of("bin/flotilla", "join", ...), Map.of(), log);   // agent inside fl-h1
 *   h1.kill();                                                        // hard failure
 * }
 * }</pre>
 */
public final class Testbed implements AutoCloseable {
  public static final String MANAGER_ADDRESS = "10.77.0.1";
  public static final String BRIDGE = "flbr0";
  public static final int MAX_HOSTS = 99;

  private static final Path ROOT = Path.of(System.getProperty("flotilla.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve("testbed/hosts.sh");
  private static final Path LOGS = ROOT.resolve("e2e/target/testbed");
  /** Held for a test bed's whole life; hosts.sh locks each of its commands on a file of its own. */
  private static final Path OWNER_LOCK = Path.of("/run/flotilla-testbed.owner");
  private static final Duration OWNER_WAIT = Duration.ofMinutes(10);
  private static final Duration STARTED_PROCESS_EXIT = Duration.ofSeconds(10);

  private static Testbed open; // guarded by Testbed.class

  private final List<Host> hosts;
  private final FileLock owner;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::tearDownAtExit, "testbed-teardown");
  private Duration startupTime = Duration.ZERO;
  private volatile Runnable releaseOnDemand;

  private Testbed(int hosts, FileLock owner) {
    this.hosts = IntStream.rangeClosed(1, hosts).mapToObj(Host::new).toList();
    this.owner = owner;
  }

  /**
   * Creates hosts fl-h1..fl-h{@code hosts}, their engines answering and the test images loaded,
   * after removing what a previous crashed run left behind. Fails with the reason (never skips)
   * when not root, when a tool is missing or when an engine does not start.
   */
  public static Testbed start(int hosts) {
    if (hosts < 1 || hosts > MAX_HOSTS) {
      throw new IllegalArgumentException("hosts must be in 1.." + MAX_HOSTS + ", not " + hosts);
    }
    script("check"); // before the lock file in /run, so "not root" reads as such
    releaseShared();
    Testbed bed;
    synchronized (Testbed.class) {
      if (open != null) {
        throw new IllegalStateException("a test bed is already open in this JVM; close it first");
      }
      bed = new Testbed(hosts, lockOwner());
      open = bed;
    }
    Runtime.getRuntime().addShutdownHook(bed.shutdownHook);
    try {
      Instant began = Instant.now();
      script("up", String.valueOf(hosts));
      bed.startupTime = Duration.between(began, Instant.now());
      return bed;
    } catch (RuntimeException | Error e) {
      try {
        bed.close();
      } catch (RuntimeException | Error alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  /**
   * Marks this test bed as kept open across test classes: a test that starts one of its own
   * runs {@code release} (which must close this one) instead of failing.
   */
  public void releaseOnDemand(Runnable release) {
    this.releaseOnDemand = release;
  }

  private static void releaseShared() {
    Runnable release;
    synchronized (Testbed.class) {
      release = open == null ? null : open.releaseOnDemand;
    }
    if (release != null) {
      release.run();
    }
  }

  public List<Host> hosts() {
    return hosts;
  }

  /** Host {@code i}, counted from 1 like the names. */
  public Host host(int i) {
    if (i < 1 || i > hosts.size()) {
      throw new IllegalArgumentException("no host " + i + " in a test bed of " + hosts.size());
    }
    return hosts.get(i - 1);
  }

  /** How long {@link #start} took, engines and images included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Where the engines' logs go ({@code fl-h<i>-dockerd.log}). */
  public Path logDir() {
    return LOGS;
  }

  /** Copies images from the local engine into every live host's engine. */
  public void loadImages(String... images) {
    List<String> args = new ArrayList<>(List.of("load"));
    args.addAll(Arrays.asList(images));
    script(args.toArray(String[]::new));
  }

  /**
   * Kills every process the test bed runs and removes its namespaces, veths, bridge, FORWARD rule,
   * data and exec roots. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      tearDown();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds the test bed closed
      }
      release(owner);
      synchronized (Testbed.class) {
        if (open == this) {
          open = null;
        }
      }
    }
  }

  private void tearDown() {
    hosts.forEach(Host::destroyStarted);
    script("down");
    hosts.forEach(Host::awaitStarted);
  }

  private void tearDownAtExit() {
    if (closed.compareAndSet(false, true)) {
      try {
        tearDown();
      } catch (RuntimeException | Error e) {
        System.err.println("test bed teardown at JVM exit failed; run testbed/hosts.sh down: " + e.getMessage());
      }
    }
  }

  /** Waits, up to {@link #OWNER_WAIT}, for another JVM's test bed to close. */
  private static FileLock lockOwner() {
    try {
      FileChannel channel = FileChannel.open(OWNER_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      Instant deadline = Instant.now().plus(OWNER_WAIT);
      boolean told = false;
      FileLock lock;
      while ((lock = channel.tryLock()) == null) {
        if (Instant.now().isAfter(deadline)) {
          channel.close();
          throw new AssertionError("another JVM has held the test bed (" + OWNER_LOCK + ") for "
              + OWNER_WAIT.toMinutes() + " minutes");
        }
        if (!told) {
          System.err.println("waiting for another JVM's test bed to close (" + OWNER_LOCK + ")");
          told = true;
        }
        Thread.sleep(500);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return lock;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + OWNER_LOCK, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the test bed lock", e);
    }
  }

  private static void release(FileLock lock) {
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      // closing the JVM releases it anyway
    }
  }

  /** Runs testbed/hosts.sh and fails with what it said unless it succeeded. */
  private static Shell.Result script(String... args) {
    Shell.Result result = runScript(List.of(args));
    if (result.exitCode() != 0) {
      throw new AssertionError("testbed/hosts.sh " + String.join(" ", args) + " failed (exit "
          + result.exitCode() + "):\n" + result.err().strip());
    }
    return result;
  }

  private static Shell.Result runScript(List<String> args) {
    List<String> command = new ArrayList<>(List.of("env", "FLOTILLA_TESTBED_LOGS=" + LOGS, SCRIPT.toString()));
    command.addAll(args);
    return Shell.run(command);
  }

  /** One host: a network namespace with its hostname, its Docker engine and what a test ran in it. */
  public final class Host {
    private final int index;
    private final List<Process> started = new CopyOnWriteArrayList<>();

    private Host(int index) {
      this.index = index;
    }

    public int index() {
      return index;
    }

    /** {@code fl-h<i>}: the namespace and the hostname. */
    public String name() {
      return "fl-h" + index;
    }

    /** Its address on the bridge, 10.77.0.(10+i). */
    public String address() {
      return "10.77.0." + (10 + index);
    }

    /** Its engine, as DOCKER_HOST or {@code docker -H} want it. */
    public String dockerHost() {
      return "unix:///run/docker-" + name() + ".sock";
    }

    public Path dockerdLog() {
      return LOGS.resolve(name() + "-dockerd.log");
    }

    /** Runs the docker CLI against this host's engine. */
    public Shell.Result docker(String... args) {
      List<String> command = new ArrayList<>(List.of("docker", "-H", dockerHost()));
      command.addAll(Arrays.asList(args));
      return Shell.run(command);
    }

    /**
     * Ids of this host's running containers with a label matching {@code labelFilter}
     * ({@code key} or {@code key=value}); all running containers when it is null or blank.
     */
    public List<String> runningContainers(String labelFilter) {
      List<String> args = new ArrayList<>(List.of("ps", "-q", "--no-trunc"));
      if (labelFilter != null && !labelFilter.isBlank()) {
        args.addAll(List.of("--filter", "label=" + labelFilter));
      }
      String out = docker(args.toArray(String[]::new)).orFail().out().strip();
      return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Runs a command to completion inside this host: its namespace, hostname and DOCKER_HOST. */
    public Shell.Result exec(String... command) {
      List<String> args = new ArrayList<>(List.of("exec", String.valueOf(index)));
      args.addAll(Arrays.asList(command));
      return runScript(args);
    }

    /**
     * Starts a command inside this host (its namespace and hostname, DOCKER_HOST set to its
     * engine), output and errors appended to {@code log}. The process is the command itself, and
     * {@link #kill()} and {@link Testbed#close()} kill it.
     */
    public Process start(List<String> command, Map<String, String> env, Path log) {
      List<String> full = new ArrayList<>(List.of(SCRIPT.toString(), "exec", String.valueOf(index)));
      full.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(full)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      builder.environment().put("DOCKER_HOST", dockerHost());
      try {
        if (log.getParent() != null) {
          Files.createDirectories(log.getParent());
        }
        Process process = builder.start();
        started.add(process);
        return process;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command + " in " + name(), e);
      }
    }

    /**
     * Hard failure: SIGKILL to the processes started here, the engine, containerd, the shims and
     * every container process. The namespace stays, with nothing running in it.
     */
    public void kill() {
      destroyStarted();
      script("kill", String.valueOf(index));
      awaitStarted();
    }

    /** Starts a killed host's engine again, with the containers it knew (now stopped). */
    public void revive() {
      script("revive", String.valueOf(index));
    }

    /** Cuts the host off the bridge: it keeps running but cannot talk to anyone. */
    public void partition() {
      script("partition", String.valueOf(index));
    }

    public void heal() {
      script("heal", String.valueOf(index));
    }

    /** Live processes of this host: its namespace, its engine's exec root, its containers. */
    public List<Long> pids() {
      String out = script("pids", String.valueOf(index)).out().strip();
      return out.isEmpty() ? List.of() : Arrays.stream(out.split("\\s+")).map(Long::valueOf).toList();
    }

    private void destroyStarted() {
      for (Process process : started) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }

    /** Reaps what {@link #destroyStarted()} killed, so nothing lingers as our zombie. */
    private void awaitStarted() {
      for (Process process : started) {
        try {
          if (!process.waitFor(STARTED_PROCESS_EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process " + process.pid() + " started in " + name() + " survives SIGKILL");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
        started.remove(process);
      }
    }

    @Override
    public String toString() {
      return name() + " (" + address() + ")";
    }
  }
}
