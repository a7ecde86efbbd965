package io.flotilla.agent.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.flotilla.bus.Messages.TaskFile;
import io.flotilla.model.FileKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The secrets and configs of the tasks on this node, as files on the host that the engine
 * bind-mounts read-only into each container: one directory per task under {@code root}, only
 * root may enter it, each file owned and permitted as its reference asks. Secrets are written
 * only when {@code root} is on tmpfs, so they never reach a disk. The agent runs in a container
 * in production: {@code root} must be bind-mounted into it at the same path, as the engine
 * resolves the mounts' sources on the host.
 */
final class TaskFiles {
  private static final Path RUN = Path.of("/run/flotilla/secrets");
  private static final Path SHM = Path.of("/dev/shm/flotilla/secrets");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private final Path root;
  /** Tasks whose files are written but whose container may not exist yet: {@link #prune} leaves them. */
  private final Set<String> creating = ConcurrentHashMap.newKeySet();
  /** When each task's container came to exist, in {@link #mark} ticks: a listing begun before it cannot show it. */
  private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
  private final AtomicLong ticks = new AtomicLong();

  TaskFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Where secrets live unless the agent is told otherwise: under {@code /run}, a tmpfs on systemd
   * hosts, or else under {@code /dev/shm} when that is the tmpfs the host has.
   */
  static Path defaultRoot() {
    return !onTmpfs(Path.of("/run")) && onTmpfs(Path.of("/dev/shm")) ? SHM : RUN;
  }

  private static boolean onTmpfs(Path path) {
    try {
      String type = Files.getFileStore(path).type();
      return type.equals("tmpfs") || type.equals("ramfs");
    } catch (IOException e) {
      return false;
    }
  }

  Path root() {
    return root;
  }

  /**
   * Writes the task's files and answers the mounts that show them at their targets; none, none.
   * Until {@link #created} is called for the task, {@link #prune} leaves its files.
   */
  List<Mount> write(String taskId, List<TaskFile> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    creating.add(taskId);
    try {
      Path directory = directory(taskId);
      Files.createDirectories(root);
      if (files.stream().anyMatch(f -> f.kind() == FileKind.SECRET)) {
        requireTmpfs();
      }
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
      List<Mount> mounts = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        TaskFile file = files.get(i);
        Path path = directory.resolve(file.kind().noun() + "-" + i);
        Files.deleteIfExists(path);
        Files.write(path, Base64.getDecoder().decode(file.data()), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(path, permissions(0600));
        Files.setAttribute(path, "unix:uid", file.uid());
        Files.setAttribute(path, "unix:gid", file.gid());
        Files.setPosixFilePermissions(path, permissions(file.mode()));
        mounts.add(new Mount().withType(MountType.BIND).withSource(path.toString()).withTarget(file.target())
            .withReadOnly(true));
      }
      return mounts;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secrets and configs of task " + taskId + " under " + root
          + ": " + e.getMessage(), e);
    }
  }

  /** The task's container exists now, or never will: its files are pruned with it. */
  void created(String taskId) {
    createdAt.put(taskId, ticks.get());
    creating.remove(taskId);
  }

  /** Taken before listing the containers whose task ids go to {@link #prune}. */
  long mark() {
    return ticks.incrementAndGet();
  }

  /**
   * Removes the files of every task but those in {@code withContainers}, a listing begun at
   * {@code mark}: a container removed while the agent was not looking leaves none behind. The
   * files of a task whose container is being created, or was created after the mark, stay.
   */
  void prune(long mark, Set<String> withContainers) {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<String> stale;
    try (Stream<Path> entries = Files.list(root)) {
      stale = entries.map(p -> p.getFileName().toString())
          .filter(id -> SAFE.matcher(id).matches() && !withContainers.contains(id) && !creating.contains(id)
              && createdAt.getOrDefault(id, -1L) < mark)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    stale.forEach(this::remove);
  }

  /** Removes the task's files; none is fine. */
  void remove(String taskId) {
    Path directory = directory(taskId);
    createdAt.remove(taskId);
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the files of task " + taskId + " under " + root, e);
    }
  }

  Path directory(String taskId) {
    if (taskId == null || !SAFE.matcher(taskId).matches()) {
      throw new IllegalArgumentException("not a task id: " + taskId);
    }
    return root.resolve(taskId);
  }

  private void requireTmpfs() throws IOException {
    if (!onTmpfs(root)) {
      throw new IOException("it is on " + Files.getFileStore(root).type() + ", not tmpfs, and a secret must never"
          + " reach a disk; mount a tmpfs there or start the agent with --secrets-dir on one");
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
