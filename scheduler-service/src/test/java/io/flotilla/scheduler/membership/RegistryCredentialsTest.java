package io.flotilla.scheduler.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.ImageReferences;
import io.flotilla.model.RegistryAuth;
import io.flotilla.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Credentials sealed for the state, opened only for a pull from their own registry. */
class RegistryCredentialsTest {
  private static final ClusterSecret CLUSTER = new ClusterSecret("c1", "0123456789abcdef0123");
  private static final RegistryAuth ALICE = new RegistryAuth("10.77.0.1:5000", "alice", "hunter2");
  private final RegistryCredentials credentials = new RegistryCredentials(CLUSTER);

  @Test
  void sealedCredentials_holdNoPlainText_andOpenForAPullFromTheirRegistry() {
    ServiceSpec web = ServiceSpec.of("web", "10.77.0.1:5000/p/web:1", 3);

    Map<String, String> sealed = credentials.sealFor(List.of(web), Map.of(ALICE.registry(), ALICE), false);

    assertThat(sealed.get("web")).doesNotContain("hunter2", "alice");
    assertThat(credentials.forPull(web, Optional.of(sealed.get("web")))).contains(ALICE);
  }

  @Test
  void anImageFromAnotherRegistry_orABuiltImage_getsNoCredentials() {
    String sealed = credentials.sealFor(List.of(ServiceSpec.of("web", "10.77.0.1:5000/p/web:1", 1)),
        Map.of(ALICE.registry(), ALICE), false).get("web");
    ServiceSpec elsewhere = ServiceSpec.of("web", "other.example.com/web:1", 1);
    ServiceSpec built = new ServiceSpec("web", "10.77.0.1:5000/p/web:1", null, 1, null, null, null,
        Map.of(ImageReferences.BUILT_IMAGE_ID, "sha256:" + "ab".repeat(32)), null, null, null, null, null, null, null,
        null, null);

    assertThat(credentials.forPull(elsewhere, Optional.of(sealed))).isEmpty();
    assertThat(credentials.forPull(built, Optional.of(sealed))).isEmpty();
  }

  @Test
  void credentialsSealedUnderAnotherClustersSecret_doNotOpen() {
    String foreign = new RegistryCredentials(new ClusterSecret("c2", "another-secret-of-20"))
        .sealFor(List.of(ServiceSpec.of("web", "10.77.0.1:5000/p/web:1", 1)), Map.of(ALICE.registry(), ALICE), false)
        .get("web");

    assertThat(credentials.forPull(ServiceSpec.of("web", "10.77.0.1:5000/p/web:1", 1), Optional.of(foreign))).isEmpty();
  }

  @Test
  void aCreateWithoutCredentials_clearsWhatTheNameHad_anUpdateLeavesIt() {
    ServiceSpec web = ServiceSpec.of("web", "nginx:1", 1);

    assertThat(credentials.sealFor(List.of(web), Map.of(), true)).containsEntry("web", null);
    assertThat(credentials.sealFor(List.of(web), Map.of(), false)).isEmpty();
  }

  @Test
  void theHeaderIsAListOfCredentials_byRegistry() {
    assertThat(RegistryCredentials.parse("[{\"registry\":\"r.io\",\"username\":\"u\",\"password\":\"p\"}]"))
        .containsEntry("r.io", new RegistryAuth("r.io", "u", "p"));
    assertThat(RegistryCredentials.parse(null)).isEmpty();
  }
}
