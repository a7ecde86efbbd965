package io.flotilla.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.flotilla.bus.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies strictly: bytes that are not UTF-8, malformed JSON, a body that is not
 * one JSON object, unknown fields and bad values are 400s that name the field.
 */
final class Requests {
  private Requests() {}

  static <T> T body(RoutingContext ctx, Class<T> type) {
    Buffer body = ctx.body().buffer();
    return parse(body == null ? new byte[0] : body.getBytes(), type);
  }

  static <T> T parse(byte[] body, Class<T> type) {
    String text = utf8(body);
    if (text.isBlank()) {
      throw new ApiException(400, "request body is empty; expected a JSON object");
    }
    ObjectReader reader = Json.MAPPER.readerFor(type);
    try (JsonParser parser = reader.createParser(text)) {
      return read(reader, parser);
    } catch (IOException e) {
      throw new ApiException(400, "malformed JSON: the body could not be read");
    }
  }

  /** Translates a failure while the parser is open, so the message can quote the value at fault. */
  private static <T> T read(ObjectReader reader, JsonParser parser) throws IOException {
    try {
      T value = reader.readValue(parser);
      if (value == null) {
        throw new ApiException(400, "request body is null; expected a JSON object");
      }
      if (parser.nextToken() != null) {
        throw new ApiException(400, "malformed JSON: more after the end of the object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw JsonFailures.translate(e);
    }
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(400, "request body is not valid UTF-8 text; expected a JSON object");
    }
  }
}
