package io.flotilla.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Duration;

/** Sending and replying with JSON payloads and the contract's timeout. */
public final class Bus {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private Bus() {}

  public static <T> Future<T> request(Vertx vertx, String address, Object payload, Class<T> replyType) {
    return request(vertx, address, payload, replyType, Addresses.REQUEST_TIMEOUT);
  }

  public static <T> Future<T> request(Vertx vertx, String address, Object payload, Class<T> replyType,
      Duration timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis())
        .setLocalOnly(Addresses.isLocal(address));
    return vertx.eventBus().<String>request(address, Json.encode(payload), options)
        .map(reply -> Json.decode(reply.body(), replyType));
  }

  /** A request with message headers: for what must not be in the payload (credentials), to a local address. */
  public static <T> Future<T> request(Vertx vertx, String address, Object payload, Class<T> replyType,
      java.util.Map<String, String> headers) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Addresses.REQUEST_TIMEOUT.toMillis())
        .setLocalOnly(Addresses.isLocal(address));
    headers.forEach(options::addHeader);
    return vertx.eventBus().<String>request(address, Json.encode(payload), options)
        .map(reply -> Json.decode(reply.body(), replyType));
  }

  public static void send(Vertx vertx, String address, Object payload) {
    if (Addresses.isLocal(address)) {
      vertx.eventBus().send(address, Json.encode(payload), LOCAL);
      return;
    }
    vertx.eventBus().send(address, Json.encode(payload));
  }

  public static void publish(Vertx vertx, String address, Object payload) {
    vertx.eventBus().publish(address, Json.encode(payload));
  }

  public static <T> T body(Message<String> message, Class<T> type) {
    return Json.decode(message.body(), type);
  }

  public static void reply(Message<String> message, Object payload) {
    message.reply(Json.encode(payload));
  }
}
