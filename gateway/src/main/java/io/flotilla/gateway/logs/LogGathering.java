package io.flotilla.gateway.logs;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Json;
import io.flotilla.bus.LogsRpc;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.Task;
import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import io.flotilla.model.logs.LogOptions;
import io.flotilla.model.logs.LogRecord;
import io.flotilla.model.logs.LogSources;
import io.flotilla.security.NodeTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reader's log stream: every task's lines from the node it ran on, one JSON record a line,
 * in the order they come. Owned by one event loop; nothing here blocks.
 *
 * <p>Backpressure: when the reader's connection cannot take more ({@code writeQueueFull}), every
 * node's gRPC stream is paused until it drains; the agents, no longer read, hold their engines'
 * streams back, so nothing buffers without bound.
 *
 * <p>A node never hangs the stream: asking it for its port has a short timeout, connecting has
 * one, and while it streams it must say something (a line or a keepalive) every {@link #SILENCE};
 * otherwise its calls are cancelled and a notice names it, while the other nodes' lines go on.
 */
public final class LogGathering {
  static final Duration ENDPOINT_TIMEOUT = Duration.ofSeconds(2);
  static final int CONNECT_TIMEOUT_MS = 3_000;
  static final Duration SILENCE = Duration.ofSeconds(6);

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final LogOptions options;
  private final GrpcClient client;
  private final List<Call> calls = new ArrayList<>();
  private final Set<String> failedNodes = new HashSet<>();
  private int pending;
  private boolean paused;
  private boolean over;
  private long watchdog = -1;

  private final class Call {
    final Node node;
    final Task task;
    GrpcClientRequest<ContainerLogRequest, ContainerLogLine> request;
    GrpcClientResponse<ContainerLogRequest, ContainerLogLine> stream;
    long lastHeard = System.nanoTime();
    boolean done;

    Call(Node node, Task task) {
      this.node = node;
      this.task = task;
    }
  }

  private LogGathering(Vertx vertx, NodeTls tls, HttpServerResponse response, LogOptions options) {
    this.vertx = vertx;
    this.response = response;
    this.options = options;
    this.client = GrpcClient.client(vertx, new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setVerifyHost(false)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile().toString())
            .setKeyPath(tls.keyFile().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString())));
  }

  /**
   * Streams {@code plan}'s logs into {@code response} (its status and headers not sent yet),
   * presenting this manager's certificate {@code tls} to the agents, and ends it when every
   * task's log has ended, or when the reader goes away.
   */
  public static void stream(Vertx vertx, NodeTls tls, LogSources.Plan plan, LogOptions options,
      HttpServerResponse response) {
    new LogGathering(vertx, tls, response, options).start(plan);
  }

  private void start(LogSources.Plan plan) {
    response.setStatusCode(200).setChunked(true).putHeader("content-type", "application/x-ndjson");
    response.closeHandler(v -> finish());
    response.exceptionHandler(e -> finish());
    response.drainHandler(v -> {
      paused = false;
      calls.forEach(c -> {
        if (c.stream != null && !c.done) {
          c.lastHeard = System.nanoTime();
          c.stream.resume();
        }
      });
    });
    plan.notices().forEach(this::write);
    watchdog = vertx.setPeriodic(1_000, id -> checkSilence());
    pending = plan.sources().size();
    for (LogSources.Source source : plan.sources()) {
      Bus.request(vertx, Addresses.logsEndpoint(source.node().id()), Map.of(), Messages.LogsEndpoint.class,
              ENDPOINT_TIMEOUT)
          .onComplete(answer -> {
            pending--;
            if (answer.failed()) {
              nodeFailed(source.node(), "did not answer: " + reason(answer.cause()));
            } else {
              source.tasks().forEach(task -> open(new Call(source.node(), task), answer.result().port()));
            }
            endIfDone();
          });
    }
    endIfDone();
  }

  private void open(Call call, int port) {
    if (over) {
      return;
    }
    calls.add(call);
    client.request(SocketAddress.inetSocketAddress(port, call.node.address()), LogsRpc.client())
        .onFailure(e -> callFailed(call, "did not answer: " + reason(e)))
        .onSuccess(request -> {
          call.request = request;
          request.format(WireFormat.JSON);
          request.send(ContainerLogRequest.of(call.task.containerId(), options))
              .onFailure(e -> callFailed(call, "did not answer: " + reason(e)))
              .onSuccess(stream -> {
                call.stream = stream;
                call.lastHeard = System.nanoTime();
                if (paused) {
                  stream.pause();
                }
                stream.handler(line -> {
                  call.lastHeard = System.nanoTime();
                  if (!line.isKeepalive()) {
                    write(new LogRecord(call.task.id(), call.task.serviceName(), call.task.slot(),
                        call.node.hostname(), line.stream(), options.timestamps() ? line.time() : null, line.line()));
                  }
                });
                stream.end().onComplete(ended -> {
                  if (ended.succeeded() || stream.status() == GrpcStatus.OK || stream.status() == GrpcStatus.NOT_FOUND) {
                    // A container that is gone has no log any more: nothing to say.
                    callDone(call);
                  } else {
                    callFailed(call, "stopped streaming: " + (stream.statusMessage() != null ? stream.statusMessage()
                        : reason(ended.cause())));
                  }
                });
              });
        });
  }

  private void checkSilence() {
    if (paused || over) {
      return;
    }
    long now = System.nanoTime();
    for (Call call : List.copyOf(calls)) {
      if (!call.done && now - call.lastHeard > SILENCE.toNanos()) {
        nodeFailed(call.node, "stopped answering (nothing for " + SILENCE.toSeconds() + " s)");
      }
    }
  }

  private void callFailed(Call call, String problem) {
    if (call.done) {
      return;
    }
    nodeFailed(call.node, problem);
  }

  /** Names the node once, and gives up on every call to it: the other nodes go on. */
  private void nodeFailed(Node node, String problem) {
    if (failedNodes.add(node.id())) {
      write(LogRecord.notice(node.hostname(), "node " + LogSources.name(node) + " " + problem));
    }
    for (Call call : List.copyOf(calls)) {
      if (call.node.id().equals(node.id()) && !call.done) {
        call.done = true;
        if (call.request != null) {
          try {
            call.request.cancel();
          } catch (RuntimeException alreadyOver) {
            // nothing to cancel
          }
        }
      }
    }
    endIfDone();
  }

  private void callDone(Call call) {
    call.done = true;
    endIfDone();
  }

  private void endIfDone() {
    if (!over && pending == 0 && calls.stream().allMatch(c -> c.done)) {
      over = true;
      cleanUp();
      response.end();
    }
  }

  private void write(LogRecord record) {
    if (over && response.ended()) {
      return;
    }
    response.write(Json.encode(record) + "\n");
    if (!paused && response.writeQueueFull()) {
      paused = true;
      calls.forEach(c -> {
        if (c.stream != null && !c.done) {
          c.stream.pause();
        }
      });
    }
  }

  /** The reader went away. */
  private void finish() {
    if (over) {
      return;
    }
    over = true;
    cleanUp();
  }

  private void cleanUp() {
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    for (Call call : calls) {
      if (!call.done && call.request != null) {
        call.done = true;
        try {
          call.request.cancel();
        } catch (RuntimeException alreadyOver) {
          // nothing to cancel
        }
      }
    }
    client.close();
  }

  private static String reason(Throwable e) {
    if (e instanceof io.vertx.core.eventbus.ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> "no answer within " + ENDPOINT_TIMEOUT.toSeconds() + " s";
        case NO_HANDLERS -> "its agent is not on the event bus";
        default -> reply.getMessage();
      };
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
