package io.flotilla.agent.docker;

import io.flotilla.model.ContainerOptions;
import io.flotilla.model.LogDriver;
import io.flotilla.model.Mount;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Ulimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A service that sets every container option, for the unit test and the engine's IT alike. */
final class ServiceOptionsFixture {
  static final ContainerOptions OPTIONS = new ContainerOptions(true, "1000:1000", "/bin", "task-host", "SIGINT",
      Duration.ofMillis(20_500), List.of("NET_ADMIN"), List.of("CAP_MKNOD"), Map.of("net.core.somaxconn", "512"),
      Map.of("nofile", new Ulimit(1024, 2048)), List.of("db.local:10.0.0.5"), List.of("10.0.0.53"),
      List.of("example.com"), true, new LogDriver("json-file", Map.of("max-size", "1m", "max-file", "2")));

  private ServiceOptionsFixture() {}

  static ServiceSpec spec(String image) {
    return new ServiceSpec("opts", image, null, 1, null, null, null, null, null, null,
        new Resources(null, new Resources.Amount(0, 0, 64)), null, null,
        List.of(Mount.tmpfs("/run", new Mount.TmpfsOptions(8L << 20, 01770))), null, null, null, OPTIONS, null, null,
        null);
  }
}
