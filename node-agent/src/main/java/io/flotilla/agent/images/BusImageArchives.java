package io.flotilla.agent.images;

import io.flotilla.agent.engine.ImageArchives;
import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a built image's archive piece by piece from whichever manager holding it answers at
 * {@link Addresses#imageArchive}: over the event bus, so over the cluster's mutual TLS between
 * nodes, with no registry. Blocks the calling worker thread, never an event loop.
 */
public final class BusImageArchives implements ImageArchives {
  static final int CHUNK = 1024 * 1024;
  private static final Duration PIECE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How long a fetch waits for some manager to serve the image: right after an upload, the
   * holders' handlers may not have reached this node's view of the cluster yet.
   */
  static final Duration HOLDER_GRACE = Duration.ofSeconds(5);
  private static final Duration HOLDER_RETRY = Duration.ofMillis(250);

  private final Vertx vertx;

  public BusImageArchives(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public void fetch(String imageId, Path file) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(PIECE_TIMEOUT.toMillis());
    try (OutputStream out = Files.newOutputStream(file)) {
      long offset = 0;
      while (true) {
        Buffer piece = piece(imageId, offset, options);
        out.write(piece.getBytes());
        offset += piece.length();
        if (piece.length() < CHUNK) {
          return;
        }
      }
    } catch (ExecutionException e) {
      throw ImageUnavailableException.notFetched(imageId, reason(e.getCause()));
    } catch (TimeoutException e) {
      throw ImageUnavailableException.notFetched(imageId, "no manager answered within " + PIECE_TIMEOUT.toSeconds()
          + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ImageUnavailableException.notFetched(imageId, "interrupted");
    } catch (IOException e) {
      throw ImageUnavailableException.notFetched(imageId, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** One piece; while no holder answers, asked again for {@link #HOLDER_GRACE}. */
  private Buffer piece(String imageId, long offset, DeliveryOptions options)
      throws ExecutionException, TimeoutException, InterruptedException {
    long giveUpAt = System.nanoTime() + HOLDER_GRACE.toNanos();
    while (true) {
      try {
        return vertx.eventBus().<Buffer>request(Addresses.imageArchive(imageId),
                Buffer.buffer(Json.encode(new Messages.ImageChunk(offset, CHUNK))), options)
            .map(reply -> reply.body())
            .toCompletionStage().toCompletableFuture()
            .get(PIECE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!noHolder(e.getCause()) || System.nanoTime() > giveUpAt) {
          throw e;
        }
        Thread.sleep(HOLDER_RETRY.toMillis());
      }
    }
  }

  private static boolean noHolder(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static String reason(Throwable failure) {
    if (noHolder(failure)) {
      return "no manager holds it (upload it again with --build)";
    }
    return failure.getMessage();
  }
}
