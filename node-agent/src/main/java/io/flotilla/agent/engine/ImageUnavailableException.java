package io.flotilla.agent.engine;

/** The image of a task is not on the node and could not be pulled; the task is rejected. */
public final class ImageUnavailableException extends RuntimeException {
  public ImageUnavailableException(String image, String dockerError) {
    super("cannot pull image " + image + ": " + dockerError);
  }
}
