package io.flotilla.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.flotilla.model.Mount;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.ServiceSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the mapping does with absent and mistyped values. */
class JsonTest {

  @Test
  void anAbsentBoolean_isFalse() {
    ServiceSpec spec = Json.decode("""
        {"name":"web","image":"nginx","mounts":[{"type":"volume","source":"data","target":"/data"}]}""",
        ServiceSpec.class);

    assertThat(spec.mounts()).containsExactly(new Mount(Mount.Type.VOLUME, "data", "/data", false));
  }

  @Test
  void absentNumbers_areZero() {
    ServiceSpec spec = Json.decode("""
        {"name":"web","image":"nginx","resources":{"limits":{}},"restartPolicy":{"condition":"none"}}""",
        ServiceSpec.class);

    assertThat(spec.resources().limits()).isEqualTo(Resources.Amount.ZERO);
    assertThat(spec.restartPolicy().maxAttempts()).isZero();
    assertThat(spec.restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.NONE);
  }

  @Test
  void aNodeUpdateThatReplacesTheLabels_survivesTheBus() {
    NodeUpdate update = new NodeUpdate(null, Map.of("zone", "a"), null, null);

    assertThat(Json.decode(Json.encode(update), NodeUpdate.class)).isEqualTo(update);
  }

  @Test
  void aFraction_isNotAWholeNumber() {
    assertThatThrownBy(() -> Json.decode("{\"name\":\"web\",\"image\":\"nginx\",\"replicas\":2.5}", ServiceSpec.class))
        .hasCauseInstanceOf(MismatchedInputException.class);
  }
}
