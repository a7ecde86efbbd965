package io.flotilla.gateway.compose;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The compose parser stays pure: no Vert.x, no files, no environment, no clock. */
class ComposeArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.flotilla.gateway.compose");

  @Test
  void composePackage_doesNoIo() {
    noClasses().that().resideInAPackage("io.flotilla.gateway.compose")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.nio.file..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().callMethod(System.class, "getenv", String.class)
        .orShould().callMethod(java.time.Instant.class, "now")
        .check(classes);
  }
}
