package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What stack deploy --build builds: compose build: as a path or a mapping, tagged by image: or STACK_SERVICE. */
class ImageBuildTest {
  private static Map<String, ImageBuild> builds(String yaml) throws Exception {
    return ImageBuild.ofCompose(new ObjectMapper(new YAMLFactory()).readTree(yaml), "shop", Path.of("/src/app"));
  }

  @Test
  void aBuildPath_withoutImage_isTaggedStackUnderscoreService_relativeToTheComposeFile() throws Exception {
    Map<String, ImageBuild> builds = builds("services:\n  api:\n    build: ./api\n  db:\n    image: mysql:8\n");

    assertThat(builds).containsOnlyKeys("api");
    assertThat(builds.get("api").tag()).isEqualTo("shop_api");
    assertThat(builds.get("api").dockerArgs()).containsExactly("build", "-t", "shop_api", "/src/app/api");
  }

  @Test
  void aBuildMapping_passesDockerfileArgsAndTarget_andImageNamesTheTag() throws Exception {
    ImageBuild web = builds("""
        services:
          web:
            image: team/web:2
            build:
              context: ../web
              dockerfile: Dockerfile.prod
              args: {VERSION: "2", MODE: fast}
              target: runtime
        """).get("web");

    assertThat(web.dockerArgs()).containsExactly("build", "-t", "team/web:2", "-f", "/src/web/Dockerfile.prod",
        "--build-arg", "VERSION=2", "--build-arg", "MODE=fast", "--target", "runtime", "/src/web");
  }

  @Test
  void argsAsAList_takeTheNameValuePairs() throws Exception {
    ImageBuild web = builds("services:\n  web:\n    build:\n      args: [A=1, B]\n").get("web");

    assertThat(web.args()).containsExactly(Map.entry("A", "1"));
    assertThat(web.context()).isEqualTo(Path.of("/src/app"));
  }
}
