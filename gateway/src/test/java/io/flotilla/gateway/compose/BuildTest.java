package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.model.ImageReferences;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.ServiceSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Services with build: deploy only with the images --build made, and then run those images by ID. */
class BuildTest {
  private static final String ID = "sha256:" + "ab".repeat(32);

  @Test
  void aBuildOnlyService_withoutBuiltImages_isRefused_withAMessageThatSaysToAddBuild() {
    InvalidSpecException e = catchThrowableOfType(() -> Compose.parse("services:\n  api:\n    build: ./api\n"),
        InvalidSpecException.class);

    assertThat(e.field()).isEqualTo("services.api.image");
    assertThat(e.getMessage()).contains("flotilla stack deploy --build").doesNotContain("does not build");
  }

  @Test
  void aServiceWithNeitherImageNorBuild_isStillRefused_forItsImage() {
    assertThat(catchThrowableOfType(() -> Compose.parse("services:\n  api: {}\n"), InvalidSpecException.class))
        .hasMessageStartingWith("services.api.image: is required");
  }

  @Test
  void aBuiltService_runsItsTag_withTheImageIdInItsLabels_andBuildIsNoWarning() {
    StackSpec stack = ComposeFile.parse("shop", "services:\n  api:\n    build: ./api\n", path -> Optional.empty(),
        Map.of("api", new BuiltImage(ID, "shop_api")));

    ServiceSpec api = Compose.service(stack, "api");
    assertThat(api.image()).isEqualTo("shop_api");
    assertThat(api.labels()).containsEntry(ImageReferences.BUILT_IMAGE_ID, ID);
    assertThat(ImageReferences.engineImage(api)).isEqualTo(ID);
    assertThat(stack.warnings()).isEmpty();
  }

  @Test
  void aServiceWithImageAndBuild_withoutBuild_pullsItsImage_andWarnsThatBuildIsIgnored() {
    StackSpec stack = Compose.parse("services:\n  api:\n    image: team/api:2\n    build: ./api\n");

    ServiceSpec api = Compose.service(stack, "api");
    assertThat(ImageReferences.engineImage(api)).isEqualTo("team/api:2");
    assertThat(stack.warnings()).containsExactly("services.api.build: not supported, ignored");
  }

  @Test
  void aBuiltImage_needsAnImageId() {
    assertThat(catchThrowableOfType(() -> new BuiltImage("latest", "x"), InvalidSpecException.class).field())
        .isEqualTo("builtImages.id");
  }
}
