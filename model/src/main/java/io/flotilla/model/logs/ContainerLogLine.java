package io.flotilla.model.logs;

import java.time.Instant;

/**
 * What the agent streams back: one line of the container's {@code stdout} or {@code stderr}
 * with the engine's time of it, or a {@code keepalive} (no line) every few seconds, by which the
 * manager tells a quiet container from a node that stopped answering.
 */
public record ContainerLogLine(String stream, Instant time, String line) {
  public static final String KEEPALIVE = "keepalive";

  public static ContainerLogLine keepalive() {
    return new ContainerLogLine(KEEPALIVE, null, null);
  }

  public boolean isKeepalive() {
    return KEEPALIVE.equals(stream);
  }
}
