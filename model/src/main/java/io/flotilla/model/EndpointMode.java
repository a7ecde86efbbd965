package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a service's name resolves on its networks, as in Swarm: {@code vip}, one virtual address
 * in front of its tasks; {@code dnsrr}, the addresses of its tasks themselves, in turn.
 */
public enum EndpointMode {
  VIP,
  DNSRR;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EndpointMode parse(String value) {
    return Check.oneOf(values(), EndpointMode::json, value, "endpointMode");
  }
}
