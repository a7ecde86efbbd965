package io.flotilla.scheduler.placement;

import io.flotilla.model.ServiceSpec;
import java.util.List;

/** The filters every task goes through, in order. */
final class Filters {
  private Filters() {}

  static final List<Filter> ALL = List.of(new ReadyFilter(), new CpuFilter(), new MemoryFilter(), new HostPortFilter());

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
    public String explain(int n) {
      return nodes(n) + " not ready or not active";
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
    public String explain(int n) {
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
    public String explain(int n) {
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
    public String explain(int n) {
      return "host-mode port already in use on " + nodes(n);
    }
  }
}
