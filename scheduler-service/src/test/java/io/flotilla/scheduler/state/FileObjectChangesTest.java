package io.flotilla.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.FileObjectSpec;
import io.flotilla.model.FileReference;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.membership.SecretSeal;
import io.flotilla.scheduler.network.Ipam;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets and configs in the replicated state: made, refused, used by services, sealed at rest. */
class FileObjectChangesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String PLAIN = "hunter2-the-database-password";
  private static final SecretSeal SEAL = new SecretSeal(new ClusterSecret("c1", "0123456789abcdef0123"));

  private ManagerState state = ManagerState.EMPTY;
  private long index;

  private Outcome apply(Command command) {
    Applied applied = StateMachine.apply(state, Proposal.of(T0.plusSeconds(index), command), ++index, 1);
    state = applied.state();
    return applied.outcomes().get(0);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Command secret(String id, String name, String plain) {
    return new Command.CreateFileObject(new FileObject(id, FileKind.SECRET, name, Map.of("a", "b"),
        SEAL.seal(base64(plain)), Instant.EPOCH, Instant.EPOCH, 0));
  }

  private static Command config(String id, String name, String plain) {
    return new Command.CreateFileObject(new FileObject(id, FileKind.CONFIG, name, Map.of(), base64(plain),
        Instant.EPOCH, Instant.EPOCH, 0));
  }

  private static ServiceSpec using(String name, List<FileReference> secrets, List<FileReference> configs) {
    return new ServiceSpec(name, "web:1", null, 1, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, secrets, configs);
  }

  private Outcome createService(String id, ServiceSpec spec) {
    return apply(new Command.CreateService(new Service(id, 1, spec, null, T0, T0), "ingress", Ipam.DEFAULT_POOL));
  }

  @Test
  void aSecret_isStoredWithItsTimesAndVersion_andItsViewHasNoData() {
    Outcome outcome = apply(secret("x1", "db", PLAIN));

    assertThat(outcome.isOk()).isTrue();
    FileObject.View view = outcome.value(FileObject.View.class);
    assertThat(view.name()).isEqualTo("db");
    assertThat(view.data()).isNull();
    assertThat(view.version()).isEqualTo(1);
    assertThat(view.createdAt()).isEqualTo(T0);
    assertThat(outcome.value().toString()).doesNotContain(PLAIN).doesNotContain(base64(PLAIN));
    assertThat(state.secrets()).containsOnlyKeys("x1");
  }

  @Test
  void aConfig_showsItsContent() {
    FileObject.View view = apply(config("c1", "nginx", "listen 80;")).value(FileObject.View.class);

    assertThat(view.data()).isEqualTo(base64("listen 80;"));
  }

  @Test
  void aSecretIsSealed_soTheLogEntryAndTheSnapshotHoldOnlyCiphertext_andItOpens() throws Exception {
    Command command = secret("x1", "db", PLAIN);
    String logEntry = Json.MAPPER.writeValueAsString(Proposal.of(T0, command));
    apply(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(command), Command.class));

    String snapshot = Json.MAPPER.writeValueAsString(state);
    ManagerState reloaded = Json.MAPPER.readValue(snapshot, ManagerState.class);

    for (String stored : List.of(logEntry, snapshot)) {
      assertThat(stored).contains("x1").doesNotContain(PLAIN).doesNotContain(base64(PLAIN));
    }
    assertThat(reloaded.secrets()).isEqualTo(state.secrets());
    assertThat(SEAL.open(reloaded.secrets().get("x1").data())).isEqualTo(base64(PLAIN));
    assertThatThrownBy(() -> new SecretSeal(new ClusterSecret("c2", "another-cluster-secret")).open(
        reloaded.secrets().get("x1").data())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecondSecretOfOneName_isAConflict_butAConfigMayShareIt() {
    apply(secret("x1", "db", PLAIN));

    Outcome second = apply(secret("x2", "db", "other"));

    assertThat(second.status()).isEqualTo(Failures.CONFLICT);
    assertThat(second.error()).isEqualTo("a secret named 'db' already exists");
    assertThat(state.secrets()).containsOnlyKeys("x1");
    assertThat(apply(config("c1", "db", "x")).isOk()).isTrue();
  }

  @Test
  void aSecretInUse_cannotBeRemoved_andTheErrorNamesTheServices() {
    apply(secret("x1", "db", PLAIN));
    createService("s1", using("api", List.of(FileReference.of("db")), List.of()));
    createService("s2", using("worker", List.of(FileReference.of("db")), List.of()));

    Outcome removal = apply(new Command.RemoveFileObject(FileKind.SECRET, "db"));

    assertThat(removal.status()).isEqualTo(Failures.CONFLICT);
    assertThat(removal.error()).isEqualTo("secret db is in use by services api, worker; remove it from them first");
    assertThat(state.secrets()).containsOnlyKeys("x1");
  }

  @Test
  void anUnusedSecret_isRemovedByNameOrIdPrefix_andThenNotFound() {
    apply(secret("x1abc", "db", PLAIN));

    assertThat(apply(new Command.RemoveFileObject(FileKind.SECRET, "x1")).isOk()).isTrue();
    assertThat(state.secrets()).isEmpty();
    Outcome again = apply(new Command.RemoveFileObject(FileKind.SECRET, "db"));
    assertThat(again.status()).isEqualTo(Failures.NOT_FOUND);
    assertThat(again.error()).isEqualTo("no such secret: db");
  }

  @Test
  void aServiceNamingAnUnknownSecretOrConfig_isABadRequestNamingTheField() {
    apply(secret("x1", "db", PLAIN));

    Outcome secret = createService("s1", using("api", List.of(FileReference.of("db"), FileReference.of("nope")),
        List.of()));
    Outcome config = createService("s1", using("api", List.of(), List.of(FileReference.of("nope"))));

    assertThat(secret.status()).isEqualTo(Failures.BAD_REQUEST);
    assertThat(secret.error()).startsWith("secrets[1].source: no secret named 'nope'");
    assertThat(config.error()).startsWith("configs[0].source: no config named 'nope'");
    assertThat(state.services()).isEmpty();
  }

  @Test
  void twoFilesOfAServiceOnOnePath_areRefused() {
    apply(secret("x1", "db", PLAIN));
    apply(config("c1", "db", "x"));

    Outcome outcome = createService("s1", using("api", List.of(FileReference.of("db")),
        List.of(new FileReference("db", "/run/secrets/db", null, null, null))));

    assertThat(outcome.error()).startsWith("configs[0].target: '/run/secrets/db' is the target of another");
  }

  @Test
  void sizesAreSwarms_oneByteTo500KiBForASecret_1000KiBForAConfig() {
    String empty = "";
    String justOver = Base64.getEncoder().encodeToString(new byte[500 * 1024 + 1]);
    FileObjectSpec tooBigSecret = new FileObjectSpec("db", null, justOver);

    assertThatThrownBy(() -> new FileObjectSpec("db", null, empty).bytes(FileKind.SECRET))
        .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("data: is empty");
    assertThatThrownBy(() -> tooBigSecret.bytes(FileKind.SECRET))
        .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("data: is 512001 bytes");
    assertThat(tooBigSecret.bytes(FileKind.CONFIG)).hasSize(500 * 1024 + 1);
    assertThat(new FileObjectSpec("db", null, Base64.getEncoder().encodeToString(new byte[500 * 1024]))
        .bytes(FileKind.SECRET)).hasSize(500 * 1024);
    assertThatThrownBy(() -> new FileObjectSpec("db", null,
        Base64.getEncoder().encodeToString(new byte[1000 * 1024 + 1])).bytes(FileKind.CONFIG))
        .hasMessageStartingWith("data: is 1024001 bytes; a config holds at most");
    assertThatThrownBy(() -> new FileObjectSpec("db", null, "not base64!").bytes(FileKind.SECRET))
        .hasMessageStartingWith("data: must be base64");
    assertThatThrownBy(() -> new FileObjectSpec("bad name", null, "eA==")).hasMessageStartingWith("name:");
  }

  @Test
  void theDefaultTargets_areSwarms() {
    assertThat(FileKind.SECRET.targetPath(FileReference.of("db"))).isEqualTo("/run/secrets/db");
    assertThat(FileKind.SECRET.targetPath(new FileReference("db", "pw", null, null, null)))
        .isEqualTo("/run/secrets/pw");
    assertThat(FileKind.SECRET.targetPath(new FileReference("db", "/etc/pw", null, null, null))).isEqualTo("/etc/pw");
    assertThat(FileKind.CONFIG.targetPath(FileReference.of("nginx"))).isEqualTo("/nginx");
  }

  @Test
  void events_nameTheSecret_withoutItsContent() {
    Applied applied = StateMachine.apply(state, Proposal.of(T0, secret("x1", "db", PLAIN)), 1, 1);

    assertThat(applied.events()).hasSize(1);
    assertThat(applied.events().get(0).type()).isEqualTo("secret");
    assertThat(applied.events().get(0).name()).isEqualTo("db");
    assertThat(applied.events().get(0).toString()).doesNotContain(PLAIN).doesNotContain(base64(PLAIN));
  }
}
