package io.flotilla.scheduler.placement;

import io.flotilla.model.ServiceSpec;

/** One reason a node may not take a task. Every "no" can explain itself to the user. */
interface Filter {
  /** Whether this filter has anything to say about tasks of {@code spec}. */
  boolean appliesTo(ServiceSpec spec);

  boolean accepts(NodeInfo node, ServiceSpec spec);

  /**
   * Why {@code refused} of the {@code considered} nodes said no, e.g. "insufficient memory on
   * 3 nodes".
   */
  String explain(int refused, int considered);
}
