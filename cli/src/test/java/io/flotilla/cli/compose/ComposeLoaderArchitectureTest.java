package io.flotilla.cli.compose;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The compose loader stays pure: files only through FileReader, the environment only as given, no clock. */
class ComposeLoaderArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.flotilla.cli.compose");

  @Test
  void composePackage_readsFilesOnlyThroughFileReader() {
    noClasses().that().resideInAPackage("io.flotilla.cli.compose").and().doNotHaveSimpleName("FileReader")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.flotilla.gateway..")
        .orShould().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class)
        .orShould().callMethod(java.time.Instant.class, "now")
        .check(classes);
  }
}
