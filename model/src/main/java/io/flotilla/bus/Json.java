package io.flotilla.bus;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.flotilla.model.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The one JSON mapping of Flotilla, for the bus, the HTTP API and the disk. Strict on input:
 * an unknown field is an error, and so is a fraction where a whole number belongs. An absent
 * (or null) boolean or number takes its Java default (false, 0); the records' compact
 * constructors decide whether that is acceptable. Durations are written the way people write
 * them ("5s").
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule("flotilla-durations")
          .addSerializer(Duration.class, new DurationSerializer())
          .addDeserializer(Duration.class, new DurationDeserializer()))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      // Records serialize their components only, not helpers such as Task.isAlive().
      .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
      .build();

  private Json() {}

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static String encodePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Decodes trusted JSON (from the bus or our own disk); user input goes through the gateway's parser. */
  public static <T> T decode(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
    }
  }

  private static final class DurationSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(Durations.format(value));
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String field = p.getParsingContext().getCurrentName();
      return Durations.parse(field == null ? "duration" : field, p.getValueAsString());
    }
  }
}
