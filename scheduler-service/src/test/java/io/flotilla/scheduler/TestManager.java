package io.flotilla.scheduler;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.scheduler.membership.CertificateIssuer;
import io.flotilla.scheduler.membership.ClusterSecret;
import io.flotilla.scheduler.raft.RaftStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real scheduler verticle alone in its Raft group, for tests over the bus: started, and waited for. */
final class TestManager {
  private TestManager() {}

  /** Deploys a manager with its data in {@code dataDir} and returns once it leads its group. */
  static void start(Vertx vertx, Path dataDir) throws Exception {
    int raftPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      raftPort = free.getLocalPort();
    }
    ClusterSecret cluster = new ClusterSecret("test-cluster", "test-secret-0123456789");
    SchedulerConfig config = SchedulerConfig.defaults(dataDir, cluster,
        new Messages.ManagerPeer("manager0test", "127.0.0.1:" + raftPort),
        CertificateIssuer.bootstrap(dataDir, cluster, "manager0test", "127.0.0.1", "localhost", Duration.ofDays(90),
            Instant.now()));
    await(vertx.deployVerticle(new SchedulerVerticle(config, new SimpleMeterRegistry(), Optional.empty(),
        SchedulerVerticle.startRaft(config))));
    eventually(() -> {
      try {
        return await(Bus.request(vertx, Addresses.MANAGER_STATUS, new Messages.NodeRef(""), RaftStatus.class))
            .isLeader();
      } catch (Exception notYet) {
        return false;
      }
    });
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(20);
    }
  }
}
