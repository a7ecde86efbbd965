package io.flotilla.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.flotilla.bus.Messages.TaskFile;
import io.flotilla.model.FileKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tasks' secret and config files on the host: content, owner, mode, tmpfs only for secrets, and removal. */
class TaskFilesTest {
  private static final Path SHM = Path.of("/dev/shm");
  private Path root;

  @BeforeEach
  void tmpfsRoot() throws IOException {
    assumeTrue(Files.isDirectory(SHM) && Files.getFileStore(SHM).type().equals("tmpfs"), "needs a tmpfs at /dev/shm");
    root = Files.createTempDirectory(SHM, "taskfiles-test").resolve("secrets");
  }

  @AfterEach
  void clean() throws IOException {
    if (root != null) {
      new TaskFiles(root).prune(Long.MAX_VALUE, java.util.Set.of());
      Files.deleteIfExists(root);
      Files.deleteIfExists(root.getParent());
    }
  }

  private static TaskFile file(FileKind kind, String name, String target, int uid, int gid, int mode, String content) {
    return new TaskFile(kind, name, target, uid, gid, mode,
        Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eachFile_isWrittenWithItsOwnerAndMode_andMountedReadOnlyAtItsTarget() throws IOException {
    TaskFiles files = new TaskFiles(root);

    List<Mount> mounts = files.write("t1", List.of(
        file(FileKind.SECRET, "db", "/run/secrets/pw", 1000, 1001, 0400, "hunter2"),
        file(FileKind.CONFIG, "conf", "/etc/app.conf", 0, 0, 0444, "listen 80;")));

    assertThat(mounts).hasSize(2);
    Path secret = Path.of(mounts.get(0).getSource());
    assertThat(mounts.get(0).getTarget()).isEqualTo("/run/secrets/pw");
    assertThat(mounts.get(0).getType()).isEqualTo(MountType.BIND);
    assertThat(mounts.get(0).getReadOnly()).isTrue();
    assertThat(secret.getParent()).isEqualTo(root.resolve("t1"));
    assertThat(Files.readString(secret)).isEqualTo("hunter2");
    assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(secret, "unix:gid")).isEqualTo(1001);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("r--------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.getParent())))
        .isEqualTo("rwx------");
    Path config = Path.of(mounts.get(1).getSource());
    assertThat(Files.readString(config)).isEqualTo("listen 80;");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("r--r--r--");
  }

  @Test
  void writingAgain_replacesTheFiles_andRemovalLeavesNothing() throws IOException {
    TaskFiles files = new TaskFiles(root);
    files.write("t1", List.of(file(FileKind.SECRET, "db", "/run/secrets/db", 0, 0, 0444, "one")));

    List<Mount> again = files.write("t1", List.of(file(FileKind.SECRET, "db", "/run/secrets/db", 0, 0, 0444, "two")));
    assertThat(Files.readString(Path.of(again.get(0).getSource()))).isEqualTo("two");

    files.remove("t1");
    assertThat(root.resolve("t1")).doesNotExist();
    files.remove("t1");
  }

  @Test
  void pruning_removesTheFilesOfTasksWithoutAContainer_butNotOfOneBeingCreatedOrCreatedSinceTheListing()
      throws IOException {
    TaskFiles files = new TaskFiles(root);
    List<TaskFile> one = List.of(file(FileKind.CONFIG, "conf", "/conf", 0, 0, 0444, "x"));
    files.write("gone", one);
    files.created("gone");
    files.write("listed", one);
    files.created("listed");
    Files.createDirectories(root.resolve("leftover"));
    files.write("creating", one);
    long mark = files.mark();
    files.write("late", one);
    files.created("late");

    files.prune(mark, java.util.Set.of("listed"));

    try (var left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("listed", "creating", "late");
    }
    files.created("creating");
    files.prune(files.mark(), java.util.Set.of());
    try (var left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aTaskWithoutFiles_writesNothing() {
    assertThat(new TaskFiles(root).write("t1", List.of())).isEmpty();
    assertThat(root).doesNotExist();
  }

  @Test
  void aSecret_isNeverWrittenOffTmpfs_butAConfigMayBe(@TempDir Path disk) throws IOException {
    assumeTrue(!Files.getFileStore(disk).type().equals("tmpfs"), "needs a directory that is not on tmpfs");
    TaskFiles files = new TaskFiles(disk.resolve("secrets"));

    assertThatThrownBy(() -> files.write("t1", List.of(file(FileKind.SECRET, "db", "/run/secrets/db", 0, 0, 0444,
        "hunter2")))).isInstanceOf(UncheckedIOException.class).hasMessageContaining("not tmpfs");
    assertThat(disk.resolve("secrets").resolve("t1")).doesNotExist();
    assertThat(files.write("t1", List.of(file(FileKind.CONFIG, "conf", "/conf", 0, 0, 0444, "x")))).hasSize(1);
  }

  @Test
  void aTaskIdThatIsNotOne_isRefused() {
    assertThatThrownBy(() -> new TaskFiles(root).directory("../etc")).isInstanceOf(IllegalArgumentException.class);
  }
}
