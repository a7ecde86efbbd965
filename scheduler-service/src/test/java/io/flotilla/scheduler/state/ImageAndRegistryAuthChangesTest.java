package io.flotilla.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.scheduler.network.Ipam;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built images' bookkeeping, and services' sealed registry credentials, in the replicated state. */
class ImageAndRegistryAuthChangesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ID = "sha256:" + "ab".repeat(32);

  private ManagerState state = ManagerState.EMPTY;
  private long index;

  private Outcome apply(Command command) {
    Applied applied = StateMachine.apply(state, Proposal.of(T0.plusSeconds(index), command), ++index, 1);
    state = applied.state();
    return applied.outcomes().get(0);
  }

  @Test
  void anUploadedImage_isKnownByItsId_andASecondUpload_addsItsHolderAndTags_keepingTheFirstTime() {
    assertThat(apply(new Command.StoreImage(ID, List.of("shop_api:latest"), 4096, "m1")).isOk()).isTrue();
    apply(new Command.StoreImage(ID, List.of("api:dev"), 4096, "m2"));
    apply(new Command.StoreImage(ID, List.of("api:dev"), 4096, "m2"));

    Messages.StoredImage image = ImageChanges.of(state, ID).orElseThrow();
    assertThat(image.holders()).containsExactly("m1", "m2");
    assertThat(image.tags()).containsExactly("shop_api:latest", "api:dev");
    assertThat(image.storedAt()).isEqualTo(T0);
    assertThat(ImageChanges.all(state)).extracting(Messages.StoredImage::id).containsExactly(ID);
  }

  @Test
  void anImageIdThatIsNoDigest_isRefused_andChangesNothing() {
    Outcome outcome = apply(new Command.StoreImage("shop_api:latest", List.of(), 1, "m1"));

    assertThat(outcome.isOk()).isFalse();
    assertThat(outcome.error()).contains("sha256");
    assertThat(ImageChanges.all(state)).isEmpty();
  }

  private Command create(String id, String name) {
    return new Command.CreateService(new Service(id, 1, ServiceSpec.of(name, "10.77.0.1:5000/p/web:1", 1), null, T0,
        T0), "ingress-" + id, Ipam.DEFAULT_POOL);
  }

  @Test
  void credentialsComeWithTheirWrite_andAreStoredOnlyIfItSucceeds() {
    assertThat(apply(new Command.WithRegistryAuth(create("s1", "web"), Map.of("web", "SEALED-1"))).isOk()).isTrue();
    assertThat(RegistryAuthChanges.sealedFor(state, "web")).contains("SEALED-1");

    Outcome duplicate = apply(new Command.WithRegistryAuth(create("s2", "web"), Map.of("web", "SEALED-2")));
    assertThat(duplicate.isOk()).isFalse();
    assertThat(RegistryAuthChanges.sealedFor(state, "web")).contains("SEALED-1");
  }

  @Test
  void aNullClearsAServicesCredentials_soANewNamesakeDoesNotInheritThem() {
    apply(new Command.WithRegistryAuth(create("s1", "web"), Map.of("web", "SEALED-1")));
    apply(new Command.RemoveService("web"));
    Map<String, String> clear = new HashMap<>();
    clear.put("web", null);
    apply(new Command.WithRegistryAuth(create("s2", "web"), clear));

    assertThat(RegistryAuthChanges.sealedFor(state, "web")).isEmpty();
  }

  @Test
  void theCommandTravelsInTheLogAsJson_andPrintsNoCredentials() {
    Command command = new Command.WithRegistryAuth(create("s1", "web"), Map.of("web", "SEALED-1"));

    assertThat(Json.decode(Json.encode(command), Command.class)).isEqualTo(command);
    assertThat(command.toString()).doesNotContain("SEALED-1");
  }
}
