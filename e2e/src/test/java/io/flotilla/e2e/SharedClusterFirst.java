package io.flotilla.e2e;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the classes of the shared multi-host cluster one after another, before the others, so
 * that cluster starts once per run; then the rest by name. (Set in junit-platform.properties.)
 */
public final class SharedClusterFirst implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator
        .comparing((ClassDescriptor d) -> !MultiHostTestBase.class.isAssignableFrom(d.getTestClass()))
        .thenComparing(d -> d.getTestClass().getName()));
  }
}
