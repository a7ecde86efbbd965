package io.flotilla.agent.engine;

import io.flotilla.model.RegistryAuth;

/** The engine's images, by reference; a reference without tag or digest means {@code :latest}. */
public interface Images {
  boolean isPresent(String image);

  /** Whether the image declares a health check of its own; false for a missing image. */
  boolean declaresHealthCheck(String image);

  /**
   * Pulls the image, waiting up to the engine's pull timeout.
   *
   * @throws ImageUnavailableException when the pull fails or times out, with the engine's reason
   */
  void pull(String image);

  /** Pulls with the user's credentials for the image's registry ({@code --with-registry-auth}); null: none. */
  default void pull(String image, RegistryAuth auth) {
    pull(image);
  }

  /**
   * Loads built image {@code imageId} into the engine from the managers' archive, once per node
   * (a second task waits for the first load, then finds the image).
   *
   * @throws ImageUnavailableException when the archive cannot be fetched or loaded
   */
  default void load(String imageId) {
    throw ImageUnavailableException.notFetched(imageId, "this engine loads no images");
  }

  /** Where {@link #load} gets archives from: set once the agent is on the cluster's bus. */
  default void fetchArchivesFrom(ImageArchives archives) {}
}
