package io.flotilla.agent.docker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.flotilla.model.ContainerOptions;
import io.flotilla.model.LogDriver;
import io.flotilla.model.ServiceSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's {@link ContainerOptions} in the engine's terms: what goes into the container's
 * config (user, working directory, host name, stop signal and timeout) and into its host config
 * (init, capabilities, sysctls, ulimits, extra hosts, DNS, read-only root, logging, pids limit).
 */
final class ContainerSettings {
  private ContainerSettings() {}

  static void applyTo(CreateContainerCmd command, ServiceSpec spec) {
    ContainerOptions options = spec.container();
    if (options.user() != null) {
      command.withUser(options.user());
    }
    if (options.workingDir() != null) {
      command.withWorkingDir(options.workingDir());
    }
    if (options.hostname() != null) {
      command.withHostName(options.hostname());
    }
    if (options.stopSignal() != null) {
      command.withStopSignal(options.stopSignal());
    }
    if (options.stopGracePeriod() != null) {
      command.withStopTimeout(options.stopSeconds());
    }
  }

  /**
   * {@code overlayDns} is Flotilla's resolver for the task's overlay networks (or null): it stays
   * first, so service names resolve whatever servers the spec adds after it.
   */
  static void applyTo(HostConfig host, ServiceSpec spec, String overlayDns) {
    ContainerOptions options = spec.container();
    if (options.init() != null) {
      host.withInit(options.init());
    }
    if (!options.capAdd().isEmpty()) {
      host.withCapAdd(capabilities(options.capAdd()));
    }
    if (!options.capDrop().isEmpty()) {
      host.withCapDrop(capabilities(options.capDrop()));
    }
    if (!options.sysctls().isEmpty()) {
      host.withSysctls(options.sysctls());
    }
    if (!options.ulimits().isEmpty()) {
      host.withUlimits(options.ulimits().entrySet().stream()
          .map(e -> new Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList());
    }
    if (!options.extraHosts().isEmpty()) {
      host.withExtraHosts(options.extraHosts().toArray(String[]::new));
    }
    List<String> dns = new ArrayList<>();
    if (overlayDns != null) {
      dns.add(overlayDns);
    }
    options.dns().stream().filter(server -> !dns.contains(server)).forEach(dns::add);
    if (!dns.isEmpty()) {
      host.withDns(dns);
    }
    if (!options.dnsSearch().isEmpty()) {
      host.withDnsSearch(options.dnsSearch());
    }
    if (options.readOnly()) {
      host.withReadonlyRootfs(true);
    }
    if (options.logging() != null) {
      host.withLogConfig(new AnyLogConfig(options.logging()));
    }
    if (spec.resources().limits().pids() > 0) {
      host.withPidsLimit(spec.resources().limits().pids());
    }
  }

  /** The model keeps capabilities as {@code CAP_NAME} (or {@code ALL}); docker-java names them without the prefix. */
  static Capability[] capabilities(List<String> names) {
    return names.stream().map(n -> {
      String bare = n.startsWith("CAP_") ? n.substring(4) : n;
      try {
        return Capability.valueOf(bare);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("capability " + n + " is unknown to this node's agent", e);
      }
    }).toArray(Capability[]::new);
  }

  /**
   * A log configuration with any driver's name, plugins included: docker-java's own knows a fixed
   * list of drivers.
   */
  @JsonSerialize(using = AnyLogConfig.Serializer.class)
  static final class AnyLogConfig extends LogConfig {
    final String driver;
    final Map<String, String> options;

    AnyLogConfig(LogDriver logging) {
      this.driver = logging.driver();
      this.options = logging.options();
    }

    static final class Serializer extends StdSerializer<AnyLogConfig> {
      Serializer() {
        super(AnyLogConfig.class);
      }

      @Override
      public void serialize(AnyLogConfig value, JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeStartObject();
        json.writeStringField("Type", value.driver);
        json.writeObjectField("Config", value.options);
        json.writeEndObject();
      }
    }
  }
}
