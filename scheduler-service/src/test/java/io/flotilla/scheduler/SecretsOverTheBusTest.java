package io.flotilla.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static io.flotilla.scheduler.TestManager.await;
import static io.flotilla.scheduler.TestManager.eventually;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.FileObjectSpec;
import io.flotilla.model.FileReference;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and configs over the bus, against a real scheduler verticle and its Raft journal:
 * the answers, the refusals, what is on disk, and what the node that runs a task is sent.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class SecretsOverTheBusTest {
  private static final String PLAIN = "s3cr3t-value-for-the-test";
  @TempDir Path dataDir;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    TestManager.start(vertx, dataDir);
  }


  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private FileObject.View create(String address, String name, String plain) throws Exception {
    return await(Bus.request(vertx, address, new Messages.CreateFileObject(new FileObjectSpec(name, Map.of(),
        base64(plain))), FileObject.View.class));
  }

  private static ServiceSpec using(String name, List<FileReference> secrets, List<FileReference> configs) {
    return new ServiceSpec(name, "web:1", null, 1, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, secrets, configs);
  }

  private static void assertFails(Future<?> request, int status, String message) {
    assertThatThrownBy(() -> await(request)).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(status);
      assertThat(e.getMessage()).startsWith(message);
    });
  }

  @Test
  void aSecret_isAnsweredAndListedWithoutItsContent_andTheJournalHoldsOnlyCiphertext() throws Exception {
    FileObject.View created = create(Addresses.SECRET_CREATE, "db", PLAIN);
    FileObject.View config = create(Addresses.CONFIG_CREATE, "conf", "listen 80;");

    String inspected = Json.encode(await(Bus.request(vertx, Addresses.SECRET_GET, new Messages.FileObjectRef("db"),
        FileObject.View.class)));
    String listed = Json.encode(await(Bus.request(vertx, Addresses.SECRET_LIST, new Messages.FileObjectRef(""),
        Messages.FileObjectList.class)));

    assertThat(created.id()).isNotBlank();
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.data()).isNull();
    for (String answer : List.of(Json.encode(created), inspected, listed)) {
      assertThat(answer).contains("db").doesNotContain(PLAIN).doesNotContain(base64(PLAIN));
    }
    assertThat(config.data()).isEqualTo(base64("listen 80;"));
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(file.toString()).doesNotContain(PLAIN).doesNotContain(base64(PLAIN));
      }
    }
  }

  @Test
  void refusals_nameWhatIsWrong() throws Exception {
    create(Addresses.SECRET_CREATE, "db", PLAIN);

    assertFails(Bus.request(vertx, Addresses.SECRET_CREATE, new Messages.CreateFileObject(new FileObjectSpec("db",
        Map.of(), base64("x"))), FileObject.View.class), Failures.CONFLICT, "a secret named 'db' already exists");
    assertFails(Bus.request(vertx, Addresses.SECRET_CREATE, new Messages.CreateFileObject(new FileObjectSpec("big",
        Map.of(), Base64.getEncoder().encodeToString(new byte[500 * 1024 + 1]))), FileObject.View.class),
        Failures.BAD_REQUEST, "data: is 512001 bytes");
    assertFails(Bus.request(vertx, Addresses.SERVICE_CREATE, new Messages.CreateService(using("api",
        List.of(FileReference.of("nope")), List.of())), Messages.ServiceView.class), Failures.BAD_REQUEST,
        "secrets[0].source: no secret named 'nope'");
    assertFails(Bus.request(vertx, Addresses.SECRET_GET, new Messages.FileObjectRef("nope"), FileObject.View.class),
        Failures.NOT_FOUND, "no such secret: nope");
  }

  @Test
  void theNodeThatRunsTheTask_isSentTheSecretsContent_andTheSecretInUseCannotBeRemoved() throws Exception {
    List<Messages.Assignments> sent = new CopyOnWriteArrayList<>();
    vertx.eventBus().<String>consumer(Addresses.assignments("n1"),
        message -> sent.add(Bus.body(message, Messages.Assignments.class)));
    eventually(() -> {
      Bus.send(vertx, Addresses.NODE_LIVENESS, new Messages.NodeLivenessReport(List.of(new Messages.NodeLiveness(
          new NodeDescription("n1", "host-n1", "10.0.0.1", NodeRole.WORKER, Map.of(),
              new Resources.Amount(2, 1L << 30), "20.10"), NodeState.READY, Instant.now()))));
      try {
        await(Bus.request(vertx, Addresses.NODE_GET, new Messages.NodeRef("n1"), io.flotilla.model.Node.class));
        return true;
      } catch (Exception notYet) {
        return false;
      }
    });
    create(Addresses.SECRET_CREATE, "db", PLAIN);
    create(Addresses.CONFIG_CREATE, "conf", "listen 80;");

    await(Bus.request(vertx, Addresses.SERVICE_CREATE, new Messages.CreateService(using("api",
        List.of(new FileReference("db", "pw", "1000", "1001", 0400)), List.of(FileReference.of("conf")))),
        Messages.ServiceView.class));
    eventually(() -> sent.stream().anyMatch(a -> !a.assignments().isEmpty()));

    Messages.Assignment assignment = sent.stream().filter(a -> !a.assignments().isEmpty()).findFirst().orElseThrow()
        .assignments().get(0);
    assertThat(assignment.files()).containsExactly(
        new Messages.TaskFile(FileKind.SECRET, "db", "/run/secrets/pw", 1000, 1001, 0400, base64(PLAIN)),
        new Messages.TaskFile(FileKind.CONFIG, "conf", "/conf", 0, 0, 0444, base64("listen 80;")));
    assertThat(assignment.toString()).doesNotContain(base64(PLAIN));
    assertFails(Bus.request(vertx, Addresses.SECRET_REMOVE, new Messages.FileObjectRef("db"), FileObject.View.class),
        Failures.CONFLICT, "secret db is in use by service api");
  }

}
