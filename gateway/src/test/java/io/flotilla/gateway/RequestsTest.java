package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.model.Mount;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.ServiceSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A request body that cannot be read is a 400 whose message says what was expected, in the user's words. */
class RequestsTest {

  @Test
  void aNullBody_isA400() {
    assertThat(rejected("null", ServiceSpec.class)).hasMessage("request body is null; expected a JSON object");
    assertThat(rejected("null", NodeUpdate.class)).hasMessage("request body is null; expected a JSON object");
    assertThat(rejected(" null ", NetworkSpec.class)).hasMessage("request body is null; expected a JSON object");
  }

  @Test
  void aBodyThatIsNoObject_saysWhatItIs() {
    assertThat(rejected("[]", ServiceSpec.class)).hasMessage("request body: expected a JSON object, got a list");
    assertThat(rejected("\"web\"", ServiceSpec.class))
        .hasMessage("request body: expected a JSON object, got 'web'");
    assertThat(rejected("5", ServiceSpec.class)).hasMessage("request body: expected a JSON object, got 5");
  }

  @Test
  void aNullElement_namesItsPosition() {
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"mounts\":[null]}", ServiceSpec.class))
        .hasMessageStartingWith("mounts[0]: expected a mount");
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"ports\":[null]}", ServiceSpec.class))
        .hasMessageStartingWith("ports[0]: expected a port");
    assertThat(rejected("{\"name\":\"n\",\"labels\":{\"zone\":null}}", NetworkSpec.class))
        .hasMessage("labels.zone: expected a string, not null");
  }

  @Test
  void aMountWithoutReadOnly_isReadWrite() {
    ServiceSpec spec = Requests.parse(bytes("""
        {"name":"web","image":"nginx","mounts":[{"type":"volume","source":"data","target":"/data"}]}"""),
        ServiceSpec.class);

    assertThat(spec.mounts()).extracting(Mount::readOnly).containsExactly(false);
  }

  @Test
  void aValueOfTheWrongType_namesTheFieldAndWhatItExpects() {
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"mounts\":[{\"target\":\"/d\",\"readOnly\":\"yes\"}]}",
        ServiceSpec.class)).hasMessage("mounts[0].readOnly: expected true or false, got 'yes'");
    assertThat(rejected("{\"name\":\"web\",\"image\":[]}", ServiceSpec.class))
        .hasMessage("image: expected a string, got a list");
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"labels\":[]}", ServiceSpec.class))
        .hasMessage("labels: expected an object, got a list");
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"replicas\":2.5}", ServiceSpec.class))
        .hasMessage("replicas: expected a whole number, got 2.5");
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"mode\":{}}", ServiceSpec.class))
        .hasMessage("mode: expected a string, got an object");
  }

  @Test
  void aHugeNumber_isOutOfRange() {
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"replicas\":99999999999999999999}", ServiceSpec.class))
        .hasMessage("replicas: expected a whole number, got 99999999999999999999, which is out of range");
  }

  @Test
  void deepNesting_isRefusedAtTheFirstValueOfTheWrongShape() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    assertThat(rejected(deep, ServiceSpec.class)).hasMessage("request body: expected a JSON object, got a list");
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"command\":" + deep + "}", ServiceSpec.class))
        .hasMessage("command[0]: expected a string, got a list");
  }

  @Test
  void aNumberBeyondTheParsersLimit_isRefusedWithoutJacksonsSettingNames() {
    ApiException e = rejected("{\"replicas\":" + "9".repeat(2_000) + "}", ServiceSpec.class);

    assertThat(e.getMessage()).startsWith("request body is beyond what the API reads: ")
        .doesNotContain("StreamReadConstraints", "`");
  }

  @Test
  void malformedJson_givesThePlaceWithoutJacksonsSourceNote() {
    ApiException e = rejected("{\"name\":\"web\"", ServiceSpec.class);

    assertThat(e.getMessage()).startsWith("malformed JSON: ").doesNotContain("Source", "StreamReadFeature", "`");
    assertThat(e.details).isEqualTo(java.util.Map.of("line", 1, "column", 14));
    assertThat(rejected("}", ServiceSpec.class))
        .hasMessage("malformed JSON: Unexpected close marker '}': expected ']'");
    assertThat(rejected("{\"replicas\":NaN}", ServiceSpec.class).getMessage()).doesNotContain("JsonReadFeature");
  }

  @Test
  void contentAfterTheObject_isMalformed() {
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\"} {}", ServiceSpec.class))
        .hasMessage("malformed JSON: more after the end of the object");
  }

  @Test
  void bytesThatAreNotUtf8_areRefused() {
    byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

    assertThat(catchThrowableOfType(ApiException.class, () -> Requests.parse(body, NetworkSpec.class)))
        .hasMessage("request body is not valid UTF-8 text; expected a JSON object");
  }

  @Test
  void anUnknownField_isNamed() {
    assertThat(rejected("{\"name\":\"web\",\"image\":\"nginx\",\"mounts\":[{\"target\":\"/d\",\"ro\":true}]}",
        ServiceSpec.class)).hasMessage("unknown field 'mounts[0].ro'");
  }

  private static ApiException rejected(String body, Class<?> type) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> Requests.parse(bytes(body), type));
    assertThat(e).as("a 400 for %s", body).isNotNull();
    assertThat(e.status).isEqualTo(400);
    assertThat(e.getMessage()).doesNotContain("java.", "com.fasterxml", "Cannot construct", "FAIL_ON_");
    return e;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
