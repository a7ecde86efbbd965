package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flotilla.model.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registry credentials as docker login stores them in config.json. */
class DockerConfigAuthsTest {
  private static String auth(String userColonPassword) {
    return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static final String CONFIG = """
      {"auths": {
        "10.77.0.1:5000": {"auth": "%s"},
        "https://index.docker.io/v1/": {"auth": "%s"},
        "http://registry.example.com/v2/": {"auth": "%s"},
        "helper.example.com": {}
      }, "credsStore": "desktop"}
      """.formatted(auth("alice:s3cr:et"), auth("bob:hub"), auth("carol:ex"));

  @Test
  void credentialsAreFoundByTheImagesRegistry_whateverSchemeOrPathTheKeyHas() {
    DockerConfigAuths auths = DockerConfigAuths.parse(CONFIG);

    assertThat(auths.forImage("10.77.0.1:5000/private/web:1"))
        .contains(new RegistryAuth("10.77.0.1:5000", "alice", "s3cr:et"));
    assertThat(auths.forImage("nginx:1.27")).map(RegistryAuth::username).contains("bob");
    assertThat(auths.forImage("docker.io/library/nginx")).map(RegistryAuth::username).contains("bob");
    assertThat(auths.forImage("registry.example.com/team/app")).map(RegistryAuth::username).contains("carol");
  }

  @Test
  void aRegistryWithoutStoredAuth_hasNone_evenIfAHelperMightKnowIt() {
    DockerConfigAuths auths = DockerConfigAuths.parse(CONFIG);

    assertThat(auths.forImage("helper.example.com/app")).isEmpty();
    assertThat(auths.forImage("other.example.com:443/app")).isEmpty();
    assertThat(DockerConfigAuths.parse("{}").forImage("10.77.0.1:5000/x")).isEmpty();
  }

  @Test
  void credentialsThatAreNotUserColonPassword_areAnErrorNamingTheRegistry() {
    assertThat(catchThrowableOfType(() -> DockerConfigAuths.parse("{\"auths\":{\"r.io\":{\"auth\":\"" + auth("nocolon")
        + "\"}}}").forImage("r.io/x"), CliException.class)).hasMessageContaining("r.io");
  }

  @Test
  void theConfigFileIsInDockerConfigWhenSet_elseInTheHomeDirectory() {
    assertThat(DockerConfigAuths.file(Map.of("DOCKER_CONFIG", "/etc/dc"), "/home/u")).isEqualTo(Path.of("/etc/dc/config.json"));
    assertThat(DockerConfigAuths.file(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void theHeaderIsBase64UrlOfTheCredentialsList() {
    String header = RegistryAuthOption.header(java.util.List.of(new RegistryAuth("r.io", "u", "p")));

    assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
        .isEqualTo("[{\"registry\":\"r.io\",\"username\":\"u\",\"password\":\"p\"}]");
  }
}
