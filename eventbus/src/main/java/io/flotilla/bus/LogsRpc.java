package io.flotilla.bus;

import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.common.WireFormat;

/**
 * The agent's log endpoint, a server-streaming gRPC method: a manager sends one {@link
 * ContainerLogRequest}, the agent answers a stream of {@link ContainerLogLine}s until the log
 * ends (or, following it, until either side goes away).
 *
 * <p>The messages are JSON (gRPC's {@code application/grpc+json} wire format, which vertx-grpc
 * speaks) rather than protobuf: both ends are ours, the records are the same Jackson records the
 * event bus carries, and the build needs no protoc binary or generated code. A log line is text
 * already, so protobuf's compactness would buy little here.
 */
public final class LogsRpc {
  public static final ServiceName SERVICE = ServiceName.create("flotilla.agent", "Logs");
  public static final String METHOD = "Container";

  private LogsRpc() {}

  /** The method as the agent serves it. */
  public static ServiceMethod<ContainerLogRequest, ContainerLogLine> server() {
    return ServiceMethod.server(SERVICE, METHOD, encoder(), decoder(ContainerLogRequest.class));
  }

  /** The method as a manager calls it. */
  public static ServiceMethod<ContainerLogLine, ContainerLogRequest> client() {
    return ServiceMethod.client(SERVICE, METHOD, encoder(), decoder(ContainerLogLine.class));
  }

  private static <T> GrpcMessageEncoder<T> encoder() {
    return new GrpcMessageEncoder<>() {
      @Override
      public GrpcMessage encode(T message, WireFormat format) {
        return GrpcMessageEncoder.JSON_OBJECT.encode(new JsonObject(Json.encode(message)), format);
      }

      @Override
      public boolean accepts(WireFormat format) {
        return format == WireFormat.JSON;
      }
    };
  }

  private static <T> GrpcMessageDecoder<T> decoder(Class<T> type) {
    return new GrpcMessageDecoder<>() {
      @Override
      public T decode(GrpcMessage message) {
        return Json.decode(message.payload().toString(java.nio.charset.StandardCharsets.UTF_8), type);
      }

      @Override
      public boolean accepts(WireFormat format) {
        return format == WireFormat.JSON;
      }
    };
  }
}
