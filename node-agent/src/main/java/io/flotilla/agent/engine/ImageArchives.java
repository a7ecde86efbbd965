package io.flotilla.agent.engine;

import java.nio.file.Path;

/** Where a node gets the archive ({@code docker save}) of a built image: from the managers that hold it. */
public interface ImageArchives {
  /**
   * Writes image {@code imageId}'s archive to {@code file}, blocking until it is all there.
   *
   * @throws ImageUnavailableException when no manager holds it or the transfer fails
   */
  void fetch(String imageId, Path file);
}
