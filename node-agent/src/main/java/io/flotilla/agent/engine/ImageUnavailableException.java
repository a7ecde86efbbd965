package io.flotilla.agent.engine;

/** The image of a task is not on the node and could not be pulled; the task is rejected. */
public final class ImageUnavailableException extends RuntimeException {
  public ImageUnavailableException(String image, String dockerError) {
    super("cannot pull image " + image + ": " + dockerError);
  }

  private ImageUnavailableException(String message) {
    super(message);
  }

  /** A built image ({@code --build}) this node could not get from the managers. */
  public static ImageUnavailableException notFetched(String imageId, String reason) {
    return new ImageUnavailableException("cannot fetch built image " + imageId + " from the managers: " + reason);
  }
}
