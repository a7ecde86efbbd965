package io.flotilla.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses AGENT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.flotilla.agent");

  @Test
  void theStepperIsPure() {
    noClasses().that().resideInAPackage("io.flotilla.agent.step..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.github.dockerjava..", "io.micrometer..")
        .check(AGENT);
  }

  @Test
  void theStepperReadsNoClock() {
    noClasses().that().resideInAPackage("io.flotilla.agent.step..")
        .should().callMethod(Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(LocalDateTime.class, "now")
        .orShould().callMethod(ZonedDateTime.class, "now")
        .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
        .check(AGENT);
  }

  @Test
  void onlyTheAdapterTalksToDocker_andItKnowsNoVertx() {
    noClasses().that().resideOutsideOfPackage("io.flotilla.agent.docker..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(AGENT);
    noClasses().that().resideInAPackage("io.flotilla.agent.docker..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .check(AGENT);
  }

  @Test
  void theAgentSeesTheEngineOnlyThroughItsInterfaces_whichKnowNeitherDockerJavaNorVertx() {
    noClasses().that().resideInAPackage("io.flotilla.agent")
        .should().dependOnClassesThat().resideInAPackage("io.flotilla.agent.docker..")
        .check(AGENT);
    noClasses().that().resideInAPackage("io.flotilla.agent.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "com.github.dockerjava..",
            "io.flotilla.agent.docker..")
        .check(AGENT);
  }
}
