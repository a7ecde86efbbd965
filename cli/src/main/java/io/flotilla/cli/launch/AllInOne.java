package io.flotilla.cli.launch;

import io.flotilla.agent.AgentConfig;
import io.flotilla.agent.NodeAgentVerticle;
import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.gateway.GatewayVerticle;
import io.flotilla.model.NodeRole;
import io.flotilla.monitor.HealthMonitorVerticle;
import io.flotilla.monitor.Observability;
import io.flotilla.scheduler.SchedulerConfig;
import io.flotilla.scheduler.SchedulerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one cluster: one JVM running a manager (gateway, scheduler, health monitor) and
 * an agent for the local Docker engine, on a clustered event bus of one member.
 */
public final class AllInOne {
  private static final Logger LOG = LoggerFactory.getLogger(AllInOne.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final int MISSED_BEATS = 3;

  /** Where and how to run; {@code dockerHost} is what {@code DOCKER_HOST} names. */
  public record Options(Path dataDir, String apiHost, int apiPort, String dockerHost) {}

  private AllInOne() {}

  public static Future<Vertx> start(Options options) {
    Identity identity;
    String hostname;
    try {
      identity = Identity.load(options.dataDir());
      hostname = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    DockerEngine engine = new DockerEngine(options.dockerHost());
    Observability observability = new Observability();
    return ClusterVertx.start(identity.clusterId(), "127.0.0.1", List.of("127.0.0.1"), observability)
        .compose(started -> {
          Vertx vertx = started.vertx();
          var registry = observability.registry();
          SchedulerVerticle scheduler = new SchedulerVerticle(
              SchedulerConfig.defaults(options.dataDir().resolve("manager")), registry,
              Optional.of(started.clusterManager().getHazelcastInstance()));
          AgentConfig agent = new AgentConfig(identity.nodeId(), hostname, "127.0.0.1", NodeRole.MANAGER,
              Map.of(), HEARTBEAT, Duration.ofSeconds(2));
          return vertx.deployVerticle(scheduler)
              .compose(id -> vertx.deployVerticle(new HealthMonitorVerticle(HEARTBEAT, MISSED_BEATS, registry)))
              .compose(id -> vertx.deployVerticle(new NodeAgentVerticle(agent, engine, registry)))
              .compose(id -> vertx.deployVerticle(new GatewayVerticle(options.apiHost(), options.apiPort(), registry)))
              .onSuccess(id -> LOG.info("Flotilla is up: API on http://{}:{}, node {} ({}), data in {}",
                  options.apiHost(), options.apiPort(), hostname, identity.nodeId(), options.dataDir()))
              .map(vertx)
              .onFailure(e -> vertx.close());
        });
  }
}
