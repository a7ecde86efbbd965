package io.flotilla.gateway;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.flotilla.model.InvalidSpecException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jackson's complaints about a request body, in the user's words: the field at fault, what it
 * expects and what it got. No class name or Jackson setting reaches the message.
 */
final class JsonFailures {
  private static final Logger LOG = LoggerFactory.getLogger(JsonFailures.class);
  private static final int QUOTED_LENGTH = 40;
  private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class,
      short.class, Short.class, byte.class, Byte.class);

  private JsonFailures() {}

  /** Call it while the parser is open: the message quotes the value the parser stopped at. */
  static ApiException translate(JsonProcessingException e) {
    InvalidSpecException invalid = cause(e, InvalidSpecException.class);
    if (invalid != null) {
      return new ApiException(400, invalid.getMessage(), Map.of("field", invalid.field()));
    }
    String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
    if (e instanceof UnrecognizedPropertyException) {
      return new ApiException(400, "unknown field '" + field + "'", Map.of("field", field));
    }
    InputCoercionException range = cause(e, InputCoercionException.class);
    if (range != null) {
      return problem(field, "expected " + expected(range.getTargetType()) + ", got " + got(e) + ", which is out of range");
    }
    StreamConstraintsException limit = cause(e, StreamConstraintsException.class);
    if (limit != null) {
      return new ApiException(400, "request body is beyond what the API reads: " + plain(limit.getOriginalMessage()));
    }
    StreamReadException syntax = cause(e, StreamReadException.class);
    if (syntax != null) {
      JsonLocation at = syntax.getLocation();
      return new ApiException(400, "malformed JSON: " + plain(syntax.getOriginalMessage()),
          at == null ? null : Map.of("line", at.getLineNr(), "column", at.getColumnNr()));
    }
    if (e instanceof MismatchedInputException mismatch) {
      String expected = field.isEmpty() ? "a JSON object" : expected(mismatch.getTargetType());
      return problem(field, "expected " + expected + ", got " + got(e));
    }
    LOG.warn("unexpected failure reading a request body", e);
    return problem(field, "invalid value");
  }

  private static ApiException problem(String field, String text) {
    if (field.isEmpty()) {
      return new ApiException(400, "request body: " + text);
    }
    return new ApiException(400, field + ": " + text, Map.of("field", field));
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (WHOLE_NUMBERS.contains(type)) {
      return "a whole number";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == Duration.class) {
      return "a duration such as 500ms, 5s or 1m30s";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  private static String got(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
      return "something else";
    }
    return switch (parser.currentToken()) {
      case START_ARRAY -> "a list";
      case START_OBJECT, FIELD_NAME -> "an object";
      case VALUE_NULL -> "null";
      case VALUE_STRING -> quoted(text(parser));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> shortened(text(parser));
      default -> "something else";
    };
  }

  private static String text(JsonParser parser) {
    try {
      return parser.getText();
    } catch (IOException e) {
      return "";
    }
  }

  private static String quoted(String value) {
    return "'" + shortened(value) + "'";
  }

  private static String shortened(String value) {
    return value.length() <= QUOTED_LENGTH ? value : value.substring(0, QUOTED_LENGTH) + "...";
  }

  /** A parser message without its source reference and the Jackson setting it suggests. */
  private static String plain(String message) {
    return message
        .replaceAll("\\s*\\([^()\\[]*\\[Source: .*?\\]\\)", "")
        .replaceAll("\\s*\\[Source: .*?\\]", "")
        .replaceAll(", from `[^`]*`", "")
        .replaceAll(":? *enable `[^`]*` to allow", "")
        .replace('`', '\'');
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
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
