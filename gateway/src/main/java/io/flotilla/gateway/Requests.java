package io.flotilla.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.flotilla.bus.Json;
import io.flotilla.model.InvalidSpecException;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads request bodies strictly: malformed JSON, unknown fields and bad values are 400s that name the field. */
final class Requests {
  private Requests() {}

  static <T> T body(RoutingContext ctx, Class<T> type) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new ApiException(400, "request body is empty; expected a JSON object");
    }
    try {
      return Json.MAPPER.readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw new ApiException(400, "unknown field '" + field + "'", Map.of("field", field));
    } catch (JsonMappingException e) {
      InvalidSpecException invalid = invalidSpec(e);
      if (invalid != null) {
        throw new ApiException(400, invalid.getMessage(), Map.of("field", invalid.field()));
      }
      String field = path(e);
      throw new ApiException(400, (field.isEmpty() ? "" : field + ": ") + "invalid value: "
          + e.getOriginalMessage().replaceAll("\\s*\\(for Object starting at.*", ""), Map.of("field", field));
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage(),
          Map.of("line", e.getLocation().getLineNr(), "column", e.getLocation().getColumnNr()));
    }
  }

  private static InvalidSpecException invalidSpec(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidSpecException invalid) {
        return invalid;
      }
    }
    return null;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }
}
