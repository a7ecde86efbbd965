package io.flotilla.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure core stays pure: no Vert.x, no Docker, no Hazelcast, no clock reads. */
class ArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.flotilla.scheduler", "io.flotilla.model");

  @Test
  void pureCore_dependsOnNoFrameworkAndReadsNoClock() {
    noClasses().that().resideInAnyPackage("io.flotilla.scheduler.reconcile..", "io.flotilla.scheduler.placement..",
            "io.flotilla.model")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.github.dockerjava..", "com.hazelcast..")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(classes);
  }
}
