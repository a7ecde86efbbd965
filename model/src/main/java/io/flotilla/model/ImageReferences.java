package io.flotilla.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an image reference says: which registry serves it (Docker's rule: the first path
 * component is a registry when it has a '.' or a ':' or is {@code localhost}, else Docker Hub),
 * and whether a service runs an image built by {@code --build} and shipped by the managers
 * instead, named by its image ID in the label {@link #BUILT_IMAGE_ID} (the spec's {@code image}
 * keeps the readable tag).
 */
public final class ImageReferences {
  /** The label a built service's image ID travels in: {@code sha256:<64 hex>}. */
  public static final String BUILT_IMAGE_ID = "flotilla.image.id";
  /** Docker Hub, as {@code ~/.docker/config.json} names it. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";
  private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{64}");

  private ImageReferences() {}

  /** The registry host (with port) of {@code image}, or {@link #DOCKER_HUB}. */
  public static String registryOf(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = image.substring(0, slash);
    boolean registry = first.contains(".") || first.contains(":") || first.equals("localhost");
    return registry ? first : DOCKER_HUB;
  }

  public static boolean isImageId(String text) {
    return text != null && IMAGE_ID.matcher(text).matches();
  }

  /** The image ID a service of a built image runs, when it is one. */
  public static Optional<String> builtImageId(ServiceSpec spec) {
    return Optional.ofNullable(spec.labels().get(BUILT_IMAGE_ID)).filter(ImageReferences::isImageId);
  }

  /** What the engine creates a task's container from: the built image's ID, else the spec's image. */
  public static String engineImage(ServiceSpec spec) {
    return builtImageId(spec).orElse(spec.image());
  }
}
