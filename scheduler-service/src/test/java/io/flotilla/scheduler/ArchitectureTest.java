package io.flotilla.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The pure core stays pure: no Vert.x, no Docker, no Hazelcast, no Ratis, no clock reads and no
 * randomness of its own, in every package that says it is pure, and above all in the replicated
 * state machine, whose apply must give the same state on every manager.
 */
class ArchitectureTest {
  private static final String[] PURE = {"io.flotilla.scheduler.reconcile..", "io.flotilla.scheduler.placement..",
      "io.flotilla.scheduler.state..", "io.flotilla.scheduler.network..", "io.flotilla.scheduler.stack..",
      "io.flotilla.scheduler.events..", "io.flotilla.scheduler.membership..", "io.flotilla.model"};

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.flotilla.scheduler", "io.flotilla.model");

  @Test
  void pureCore_dependsOnNoFrameworkAndReadsNoClock() {
    noClasses().that().resideInAnyPackage(PURE)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.github.dockerjava..", "com.hazelcast..",
            "org.apache.ratis..")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(classes);
  }

  @Test
  void theStateMachine_takesItsRandomnessFromTheCommand() {
    noClasses().that().resideInAPackage("io.flotilla.scheduler.state..")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
        .orShould().callMethod(Math.class, "random")
        .orShould().callConstructor(java.util.Random.class)
        .orShould().callConstructor(java.util.SplittableRandom.class)
        .check(classes);
  }
}
