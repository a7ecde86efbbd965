package io.flotilla.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model, the bus contract included, is data and pure helpers: no framework, no clock. */
class ModelArchitectureTest {
  @Test
  void theModel_dependsOnNoFrameworkAndReadsNoClock() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.github.dockerjava..",
            "com.hazelcast..", "org.apache.ratis..")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flotilla.model", "io.flotilla.bus"));
  }
}
