package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Mount;
import io.flotilla.model.Mount.Type;
import org.junit.jupiter.api.Test;

/** A service's volumes (mounts) and the top-level volumes key. */
class VolumesTest {
  private static String withVolumes(String serviceVolumes, String topLevel) {
    return Compose.web("volumes:\n" + Compose.indent(serviceVolumes, 2)) + "volumes:\n" + Compose.indent(topLevel, 2);
  }

  @Test
  void shortForm_namedVolume_bindAndAnonymousVolume() {
    StackSpec stack = parse(withVolumes("""
        - data:/var/data
        - logs:/var/log:ro
        - /etc/ssl:/etc/ssl:ro
        - /srv/www:/www:rw
        - /scratch
        """, "data:\nlogs:\n"));

    assertThat(service(stack, "web").mounts()).containsExactly(
        new Mount(Type.VOLUME, "shop_data", "/var/data", false),
        new Mount(Type.VOLUME, "shop_logs", "/var/log", true),
        new Mount(Type.BIND, "/etc/ssl", "/etc/ssl", true),
        new Mount(Type.BIND, "/srv/www", "/www", false),
        new Mount(Type.VOLUME, null, "/scratch", false));
    assertThat(stack.volumes()).containsExactly("data", "logs");
  }

  @Test
  void longForm() {
    StackSpec stack = parse(withVolumes("""
        - type: volume
          source: data
          target: /var/data
          read_only: true
        - type: bind
          source: /etc/ssl
          target: /etc/ssl
        """, "data:\n"));

    assertThat(service(stack, "web").mounts()).containsExactly(
        new Mount(Type.VOLUME, "shop_data", "/var/data", true),
        new Mount(Type.BIND, "/etc/ssl", "/etc/ssl", false));
  }

  @Test
  void externalOrNamedVolumes_keepTheirOwnName() {
    StackSpec stack = parse(withVolumes("- shared:/a\n- custom:/b\n",
        "shared:\n  external: true\ncustom:\n  name: the-custom-volume\n"));

    assertThat(service(stack, "web").mounts()).extracting(Mount::source)
        .containsExactly("shared", "the-custom-volume");
  }

  @Test
  void unsupportedMountOptionsAndDrivers_areWarnings() {
    StackSpec stack = parse(withVolumes("""
        - data:/var/data:ro,z
        - type: tmpfs
          target: /tmp
        - type: volume
          source: data
          target: /copy
          volume: {nocopy: true}
        """, "data:\n  driver: nfs\n  labels: {a: b}\n"));

    assertThat(service(stack, "web").mounts()).extracting(Mount::target).containsExactly("/var/data", "/tmp", "/copy");
    assertThat(stack.warnings()).containsExactly(
        "volumes.data.labels: not supported, ignored",
        "volumes.data.driver: 'nfs' not supported, ignored; volumes use the local driver",
        "services.web.volumes[0]: mode 'z' not supported, ignored",
        "services.web.volumes[2].volume: not supported, ignored");
  }

  @Test
  void relativeHostPath_isAnError_forThereIsNoProjectDirectoryOnACluster() {
    assertThat(error(withVolumes("- ./html:/www\n", "data:\n")))
        .hasMessageContaining("relative host path")
        .extracting(e -> e.field()).isEqualTo("services.web.volumes[0]");
    assertThat(error(Compose.web("volumes: [\"~/html:/www\"]")).field()).isEqualTo("services.web.volumes[0]");
  }

  @Test
  void undeclaredVolume_isAnError() {
    assertThat(error(withVolumes("- cache:/cache\n", "data:\n")))
        .hasMessage("services.web.volumes[0]: volume 'cache' is not declared in the top-level volumes key");
  }

  @Test
  void mountTargetMustBeAbsolute_reportedAtTheMountsPath() {
    assertThat(error(withVolumes("- data:var/data\n", "data:\n")))
        .hasMessageStartingWith("services.web.volumes[0].target: must be an absolute path");
  }
}
