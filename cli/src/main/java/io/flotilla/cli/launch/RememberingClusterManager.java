package io.flotilla.cli.launch;

import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hazelcast's cluster manager, with a memory of where other members listen and which
 * addresses they handle. An agent is a lite member: cut off from the managers it holds no
 * data, so every lookup fails until Hazelcast merges the split clusters back, seconds after the
 * network heals. With the last good answers the event bus can still reach a manager the moment
 * the network allows, which is what lets an agent learn at once, after a partition, which of
 * its containers were replaced elsewhere. Answers are used only when Hazelcast fails; a node's
 * address never changes while it lives, and a wrong handler list costs one undelivered message.
 */
final class RememberingClusterManager implements ClusterManager {
  private final ClusterManager delegate;
  private final Map<String, NodeInfo> nodeInfos = new ConcurrentHashMap<>();
  private final Map<String, List<RegistrationInfo>> registrations = new ConcurrentHashMap<>();
  private volatile NodeInfo localInfo;

  RememberingClusterManager(ClusterManager delegate) {
    this.delegate = delegate;
  }

  @Override
  public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
    delegate.getNodeInfo(nodeId, (info, failure) -> {
      if (failure == null && info != null) {
        nodeInfos.put(nodeId, info);
        promise.succeed(info);
      } else {
        NodeInfo remembered = nodeInfos.get(nodeId);
        if (remembered != null) {
          promise.succeed(remembered);
        } else {
          promise.complete(info, failure);
        }
      }
    });
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    delegate.getRegistrations(address, (found, failure) -> {
      if (failure == null) {
        registrations.put(address, found);
        promise.succeed(found);
      } else {
        List<RegistrationInfo> remembered = registrations.get(address);
        if (remembered != null) {
          promise.succeed(remembered);
        } else {
          promise.fail(failure);
        }
      }
    });
  }

  @Override
  public void init(Vertx vertx) {
    delegate.init(vertx);
  }

  @Override
  public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
    delegate.getAsyncMap(name, promise);
  }

  @Override
  public <K, V> Map<K, V> getSyncMap(String name) {
    return delegate.getSyncMap(name);
  }

  @Override
  public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
    delegate.getLockWithTimeout(name, timeout, promise);
  }

  @Override
  public void getCounter(String name, Completable<Counter> promise) {
    delegate.getCounter(name, promise);
  }

  @Override
  public String getNodeId() {
    return delegate.getNodeId();
  }

  @Override
  public List<String> getNodes() {
    return delegate.getNodes();
  }

  @Override
  public void nodeListener(NodeListener listener) {
    delegate.nodeListener(listener);
  }

  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    delegate.setNodeInfo(nodeInfo, (done, failure) -> {
      if (failure == null) {
        localInfo = nodeInfo;
      }
      promise.complete(done, failure);
    });
  }

  /**
   * Hazelcast's manager answers this under the lock it holds while handling a member's
   * departure, which in a lite member cut off from the data members takes seconds, and the
   * event bus asks it on the event loop.
   */
  @Override
  public NodeInfo getNodeInfo() {
    NodeInfo local = localInfo;
    return local != null ? local : delegate.getNodeInfo();
  }

  @Override
  public void join(Completable<Void> promise) {
    delegate.join(promise);
  }

  @Override
  public void leave(Completable<Void> promise) {
    delegate.leave(promise);
  }

  @Override
  public boolean isActive() {
    return delegate.isActive();
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    delegate.registrationListener(listener);
  }

  @Override
  public void addRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    delegate.addRegistration(address, registrationInfo, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo registrationInfo, Completable<Void> promise) {
    delegate.removeRegistration(address, registrationInfo, promise);
  }

  @Override
  public String clusterHost() {
    return delegate.clusterHost();
  }

  @Override
  public String clusterPublicHost() {
    return delegate.clusterPublicHost();
  }
}
