package io.flotilla.gateway;

import io.flotilla.bus.Json;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.RegistryAuth;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code X-Registry-Auth} header of a service or stack write ({@code --with-registry-auth}):
 * base64url of a JSON list of {@code {"registry", "username", "password"}}. Read and checked
 * here, handed to this manager only (a local bus header, never the payload), never logged.
 */
final class RegistryAuthHeader {
  static final String NAME = "X-Registry-Auth";
  /** The bus header the scheduler reads (RegistryCredentials.HEADER). */
  static final String BUS_HEADER = "flotilla-registry-auth";

  private RegistryAuthHeader() {}

  static Map<String, String> read(RoutingContext ctx) {
    String header = ctx.request().getHeader(NAME);
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    RegistryAuth[] auths;
    try {
      auths = Json.decode(new String(Base64.getUrlDecoder().decode(header.trim()),
          java.nio.charset.StandardCharsets.UTF_8), RegistryAuth[].class);
    } catch (InvalidSpecException e) {
      throw new ApiException(400, NAME + ": " + e.getMessage(), Map.of("field", NAME));
    } catch (RuntimeException e) {
      throw new ApiException(400, NAME + ": must be base64url of a JSON list of {\"registry\", \"username\", "
          + "\"password\"}", Map.of("field", NAME));
    }
    return Map.of(BUS_HEADER, Json.encode(auths));
  }
}
