package io.flotilla.agent.engine;

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
}
