package io.flotilla.cli.launch;

import io.flotilla.model.Ipv4Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to run one Flotilla process. {@code advertiseAddress} is the address other nodes use
 * to reach this one; a manager's Raft port listens on {@code raftPort} there, and its event bus on {@code busPort} (a
 * fixed port, so that agents reach a restarted manager where they knew it); {@code dockerHost}
 * is what {@code DOCKER_HOST} names; overlay networks take their subnets from {@code networkPool}.
 * A manager's API presents {@code apiCert} and {@code apiKey} (PEM) when given, else its node certificate.
 * A new cluster's CA issues node certificates valid for {@code certExpiry}. A worker serves its
 * Prometheus {@code /metrics} over HTTPS on {@code apiHost:metricsPort} (0: not at all); a
 * manager serves them on its API. The agent writes its tasks' secrets and configs under
 * {@code secretsDir} (a tmpfs; null: {@code /run/flotilla/secrets}, or under {@code /dev/shm} when {@code /run} is not a tmpfs).
 */
public record NodeOptions(
    Path dataDir,
    String advertiseAddress,
    String apiHost,
    int apiPort,
    int raftPort,
    int busPort,
    boolean runAgent,
    Map<String, String> labels,
    String dockerHost,
    Duration heartbeatPeriod,
    int taskHistoryLimit,
    Ipv4Cidr networkPool,
    Path apiCert,
    Path apiKey,
    Duration certExpiry,
    int metricsPort,
    Path secretsDir) {

  public NodeOptions {
    labels = Map.copyOf(labels);
  }
}
