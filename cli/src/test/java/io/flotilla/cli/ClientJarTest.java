package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The slim client jar (cli/pom.xml's "client" shade execution) holds the client verbs and what they
 * use, and nothing of the server: every class they reach, however indirectly, is in the jar or
 * comes from picocli, Jackson or the JDK. {@link #inClientJar} mirrors the pom's filters.
 */
class ClientJarTest {
  private static final List<String> SERVER_ONLY = List.of("UpCommand", "DownCommand", "InitCommand", "JoinCommand",
      "ManagerCommand", "Processes");
  private static final List<String> SERVER_LIBRARIES = List.of("io.vertx", "io.netty", "com.hazelcast",
      "org.apache.ratis", "com.github.dockerjava", "org.bouncycastle", "io.micrometer", "org.slf4j", "io.grpc");
  private static final JavaClasses FLOTILLA = importFlotilla();

  /** Flotilla's own classes; the libraries they name stay stubs (importing them all takes a minute). */
  private static JavaClasses importFlotilla() {
    ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    try {
      return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.flotilla");
    } finally {
      ArchConfiguration.get().reset();
    }
  }

  /** What the pom's filters put in flotilla-client.jar, of Flotilla's own classes. */
  static boolean inClientJar(JavaClass c) {
    String name = c.getName();
    String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
    String simple = topLevel.substring(topLevel.lastIndexOf('.') + 1);
    return switch (c.getPackageName()) {
      case "io.flotilla.cli" -> simple.equals("Flotilla");
      case "io.flotilla.cli.command" -> !SERVER_ONLY.contains(simple);
      case "io.flotilla.cli.compose" -> true;
      case "io.flotilla.security" -> simple.equals("TrustManagers") || simple.equals("PemCertificates");
      default -> c.getPackageName().startsWith("io.flotilla.") && fromModelModule(c);
    };
  }

  /** The model module's classes (io.flotilla.model, and its io.flotilla.bus records and Json); the jar takes it whole. */
  private static boolean fromModelModule(JavaClass c) {
    return c.getSource().map(source -> Pattern.compile("/model(/target/classes/|-[0-9])").matcher(
        source.getUri().toString()).find()).orElse(false);
  }

  private static Set<JavaClass> clientClasses() {
    return FLOTILLA.stream().filter(ClientJarTest::inClientJar).collect(Collectors.toSet());
  }

  @Test
  void theClientVerbsAreInTheJar() {
    Set<String> names = clientClasses().stream().map(JavaClass::getName).collect(Collectors.toSet());
    assertThat(names).contains(Flotilla.class.getName(), "io.flotilla.cli.command.ServiceCommand$Ls",
        "io.flotilla.cli.command.ApiClient", "io.flotilla.cli.compose.ComposeLoader", "io.flotilla.model.Service", "io.flotilla.bus.Json");
    Flotilla.CLIENT_VERBS.forEach(verb -> assertThat(names).contains(verb.getName()));
    assertThat(names).doesNotContain(FlotillaServer.class.getName(), "io.flotilla.cli.command.UpCommand",
        "io.flotilla.bus.Bus");
  }

  @Test
  void theClientReachesNothingOutsideTheJarButPicocliJacksonAndTheJdk() {
    Set<String> outside = new TreeSet<>();
    for (JavaClass client : clientClasses()) {
      for (Dependency dependency : client.getTransitiveDependenciesFromSelf()) {
        JavaClass reached = dependency.getTargetClass();
        String name = reached.getName();
        boolean ours = name.startsWith("io.flotilla.");
        if (ours && !inClientJar(reached) || SERVER_LIBRARIES.stream().anyMatch(name::startsWith)) {
          outside.add(dependency.getOriginClass().getName() + " -> " + name);
        }
      }
    }
    assertThat(outside).as("classes the client jar would need but does not carry").isEmpty();
  }

  @Test
  void binFlotillaSendsTheServerVerbsToTheFullJar() throws IOException {
    List<String> full = FlotillaServer.commandLine().getSubcommands().keySet().stream()
        .filter(verb -> !Flotilla.commandLine(List.of()).getSubcommands().containsKey(verb)).toList();
    assertThat(full).isEqualTo(Flotilla.SERVER_VERBS);
    String script = Files.readString(Path.of(System.getProperty("flotilla.root", ".."), "bin", "flotilla"));
    Matcher verbs = Pattern.compile("SERVER_VERBS=\"([^\"]*)\"").matcher(script);
    assertThat(verbs.find()).as("bin/flotilla names the server verbs in SERVER_VERBS=\"...\"").isTrue();
    assertThat(List.of(verbs.group(1).trim().split(" +"))).isEqualTo(Flotilla.SERVER_VERBS);
  }
}
