package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void composeUnits_inEitherCase() {
    assertThat(ByteSize.parse("m", "1024")).isEqualTo(1024);
    assertThat(ByteSize.parse("m", "100b")).isEqualTo(100);
    assertThat(ByteSize.parse("m", "2k")).isEqualTo(2048);
    assertThat(ByteSize.parse("m", "512M")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("m", "100m")).isEqualTo(100L << 20);
    assertThat(ByteSize.parse("m", "1G")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("m", "1gb")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("m", "1.5GiB")).isEqualTo(3L << 29);
  }

  @Test
  void otherText_isAnError() {
    assertThatThrownBy(() -> ByteSize.parse("services.web.deploy.resources.limits.memory", "1 gig"))
        .hasMessage("services.web.deploy.resources.limits.memory: expected a size such as 512M or 1G, got '1 gig'");
    assertThatThrownBy(() -> ByteSize.parse("m", "-1M")).hasMessageContaining("'-1M'");
    assertThatThrownBy(() -> ByteSize.parse("m", "99999999p")).hasMessageContaining("too large");
  }
}
