package io.flotilla.agent.logs;

import io.flotilla.agent.engine.ContainerLogs;
import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.io.Closeable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager's call: one container's log, from the engine to the gRPC stream.
 *
 * <p>Backpressure: at most {@link #IN_FLIGHT} lines are between the engine and the network at
 * once. docker-java's thread takes a permit per line and blocks while none is left; a permit
 * comes back when its line has been written out, which a reader that does not read (HTTP/2 flow
 * control) holds up. So a slow manager slows the engine's stream down rather than this process
 * buffering without bound; nothing is dropped. When the manager goes away (the call is reset or
 * the connection closes) the engine's stream is closed and the blocked thread let go.
 */
final class LogStream {
  private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);
  static final int IN_FLIGHT = 256;
  /** How often a quiet stream says it is alive, so the manager can tell quiet from gone. */
  static final long KEEPALIVE_MS = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final ContainerLogs logs;
  private final GrpcServerRequest<ContainerLogRequest, ContainerLogLine> request;
  private final GrpcServerResponse<ContainerLogRequest, ContainerLogLine> response;
  private final Runnable done;
  private final Semaphore permits = new Semaphore(IN_FLIGHT);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Closeable engineStream;
  private long keepalive = -1;

  LogStream(Vertx vertx, ContainerLogs logs, GrpcServerRequest<ContainerLogRequest, ContainerLogLine> request,
      Runnable done) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.logs = logs;
    this.request = request;
    this.response = request.response();
    this.done = done;
  }

  void start() {
    request.exceptionHandler(e -> close());
    request.errorHandler(e -> close());
    response.exceptionHandler(e -> close());
    request.connection().closeHandler(v -> close());
    request.handler(this::open);
  }

  private void open(ContainerLogRequest asked) {
    if (asked.containerId() == null || asked.containerId().isBlank()) {
      finish(GrpcStatus.INVALID_ARGUMENT, "containerId is required");
      return;
    }
    keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> {
      if (!closed.get() && !response.writeQueueFull()) {
        response.write(ContainerLogLine.keepalive());
      }
    });
    vertx.executeBlocking(() -> logs.read(asked, new ContainerLogs.Sink() {
          @Override
          public void line(ContainerLogLine line) {
            if (!takePermit()) {
              return;
            }
            context.runOnContext(v -> {
              if (closed.get()) {
                permits.release();
                return;
              }
              response.write(line).onComplete(written -> permits.release());
            });
          }

          @Override
          public void end(Throwable failure) {
            context.runOnContext(v -> {
              if (failure == null) {
                finish(GrpcStatus.OK, null);
              } else if (failure instanceof ContainerLogs.NoSuchContainer) {
                finish(GrpcStatus.NOT_FOUND, "no such container: " + asked.containerId());
              } else {
                finish(GrpcStatus.UNAVAILABLE, "the engine's log stream failed: " + failure.getMessage());
              }
            });
          }
        }), false)
        .onSuccess(stream -> {
          engineStream = stream;
          if (closed.get()) {
            closeEngineStream();
          }
        })
        .onFailure(e -> finish(GrpcStatus.UNAVAILABLE, "cannot read the container's log: " + e.getMessage()));
  }

  /** Blocks docker-java's thread until a line may go out, or the call is over (false). */
  private boolean takePermit() {
    try {
      while (!closed.get()) {
        if (permits.tryAcquire(500, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void finish(GrpcStatus status, String message) {
    if (closed.getAndSet(true)) {
      return;
    }
    cleanUp();
    if (status != GrpcStatus.OK) {
      response.status(status).statusMessage(message);
    }
    response.end();
  }

  /** The manager went away: stop reading the engine. */
  private void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    cleanUp();
  }

  private void cleanUp() {
    if (keepalive >= 0) {
      vertx.cancelTimer(keepalive);
    }
    closeEngineStream();
    done.run();
  }

  private void closeEngineStream() {
    Closeable stream = engineStream;
    if (stream != null) {
      vertx.executeBlocking(() -> {
        stream.close();
        return null;
      }, false).onFailure(e -> LOG.debug("closing a container's log stream: {}", e.getMessage()));
    }
  }
}
