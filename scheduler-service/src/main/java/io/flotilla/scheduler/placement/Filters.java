package io.flotilla.scheduler.placement;

import io.flotilla.model.Constraint;
import io.flotilla.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/** The filters a task goes through, in order; a node's first refusal is the one counted. */
final class Filters {
  private Filters() {}

  private static final Filter READY = new ReadyFilter();
  private static final List<Filter> RESOURCES = List.of(new CpuFilter(), new MemoryFilter(), new HostPortFilter());

  /**
   * Ready first, then one filter per constraint of the service, then resources and ports, then
   * the service's limit of tasks per node ({@code serviceId} is whose tasks count).
   */
  static List<Filter> pipeline(ServiceSpec spec, String serviceId) {
    List<Filter> pipeline = new ArrayList<>();
    pipeline.add(READY);
    spec.placement().parsedConstraints().forEach(c -> pipeline.add(new ConstraintFilter(c)));
    RESOURCES.stream().filter(f -> f.appliesTo(spec)).forEach(pipeline::add);
    if (spec.placement().maxReplicasPerNode() > 0) {
      pipeline.add(new MaxReplicasFilter(serviceId, spec.placement().maxReplicasPerNode()));
    }
    return pipeline;
  }

  static String nodes(int n) {
    return n == 1 ? "1 node" : n + " nodes";
  }

  static final class ReadyFilter implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return true;
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return node.node().isSchedulable();
    }

    @Override
    public String explain(int n, int considered) {
      return nodes(n) + " not ready or not active";
    }
  }

  /** One placement constraint; when every node fails it, that is what the user needs to hear. */
  record ConstraintFilter(Constraint constraint) implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return true;
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return constraint.isSatisfiedBy(node.node());
    }

    @Override
    public String explain(int n, int considered) {
      return n == considered ? "no node satisfies " + constraint : constraint + " not satisfied on " + nodes(n);
    }
  }

  static final class CpuFilter implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return spec.resources().reservations().cpus() > 0;
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return node.free().cpus() + 1e-9 >= spec.resources().reservations().cpus();
    }

    @Override
    public String explain(int n, int considered) {
      return "insufficient CPU on " + nodes(n);
    }
  }

  static final class MemoryFilter implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return spec.resources().reservations().memoryBytes() > 0;
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return node.free().memoryBytes() >= spec.resources().reservations().memoryBytes();
    }

    @Override
    public String explain(int n, int considered) {
      return "insufficient memory on " + nodes(n);
    }
  }

  static final class HostPortFilter implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return !NodeInfo.hostPortsOf(spec).isEmpty();
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return NodeInfo.hostPortsOf(spec).stream().noneMatch(node.hostPorts()::contains);
    }

    @Override
    public String explain(int n, int considered) {
      return "host-mode port already in use on " + nodes(n);
    }
  }

  /** {@code placement.maxReplicasPerNode}: a node already running that many tasks of the service takes no more. */
  record MaxReplicasFilter(String serviceId, int max) implements Filter {
    @Override
    public boolean appliesTo(ServiceSpec spec) {
      return spec.placement().maxReplicasPerNode() > 0;
    }

    @Override
    public boolean accepts(NodeInfo node, ServiceSpec spec) {
      return node.tasksOf(serviceId) < max;
    }

    @Override
    public String explain(int n, int considered) {
      return "max replicas per node (" + max + ") reached on " + nodes(n);
    }
  }
}
