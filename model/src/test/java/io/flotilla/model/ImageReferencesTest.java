package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker's rule for an image's registry, and the built image a service runs. */
class ImageReferencesTest {
  @Test
  void theFirstComponentIsARegistry_onlyWithADotAColonOrLocalhost() {
    assertThat(ImageReferences.registryOf("nginx")).isEqualTo(ImageReferences.DOCKER_HUB);
    assertThat(ImageReferences.registryOf("team/app:1")).isEqualTo(ImageReferences.DOCKER_HUB);
    assertThat(ImageReferences.registryOf("10.77.0.1:5000/private/web:1")).isEqualTo("10.77.0.1:5000");
    assertThat(ImageReferences.registryOf("registry.example.com/app@sha256:00")).isEqualTo("registry.example.com");
    assertThat(ImageReferences.registryOf("localhost/app")).isEqualTo("localhost");
  }

  @Test
  void aServiceRunsItsBuiltImageById_onlyWhenTheLabelHoldsAnImageId() {
    String id = "sha256:" + "0f".repeat(32);
    ServiceSpec built = new ServiceSpec("api", "shop_api", null, 1, null, null, null,
        Map.of(ImageReferences.BUILT_IMAGE_ID, id), null, null, null, null, null, null, null, null, null);
    ServiceSpec odd = new ServiceSpec("api", "shop_api", null, 1, null, null, null,
        Map.of(ImageReferences.BUILT_IMAGE_ID, "latest"), null, null, null, null, null, null, null, null, null);

    assertThat(ImageReferences.engineImage(built)).isEqualTo(id);
    assertThat(ImageReferences.engineImage(odd)).isEqualTo("shop_api");
    assertThat(ImageReferences.engineImage(ServiceSpec.of("web", "web:1", 1))).isEqualTo("web:1");
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    assertThat(new RegistryAuth("r.io", "alice", "hunter2").toString()).doesNotContain("hunter2");
  }
}
