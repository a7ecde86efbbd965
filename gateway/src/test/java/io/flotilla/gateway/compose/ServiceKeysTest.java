package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.service;
import static io.flotilla.gateway.compose.Compose.web;
import static io.flotilla.gateway.compose.Compose.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.ServiceSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** image, command, entrypoint, environment, env_file and labels. */
class ServiceKeysTest {

  @Test
  void commandString_isSplitLikeAShell_intoArgs() {
    ServiceSpec spec = webSpec("command: sh -c 'echo \"hi there\"' --flag=\"a b\" plain\\ word");

    assertThat(spec.args()).containsExactly("sh", "-c", "echo \"hi there\"", "--flag=a b", "plain word");
    assertThat(spec.command()).isEmpty();
  }

  @Test
  void commandList_isTakenAsIs_numbersIncluded() {
    assertThat(webSpec("command: [httpd, -p, 8080, -f]").args()).containsExactly("httpd", "-p", "8080", "-f");
  }

  @Test
  void entrypoint_becomesTheSpecsCommand() {
    ServiceSpec spec = webSpec("entrypoint: /bin/sh -c\ncommand: [\"sleep 5\"]");

    assertThat(spec.command()).containsExactly("/bin/sh", "-c");
    assertThat(spec.args()).containsExactly("sleep 5");
  }

  @Test
  void environmentList_andMap_giveTheSameVariables_withValuesAsWritten() {
    ServiceSpec fromList = webSpec("environment: [A=1, B=x=y, 'C=', D=1.10]");
    ServiceSpec fromMap = webSpec("environment: {A: 1, B: x=y, C: '', D: 1.10}");

    Map<String, String> expected = Map.of("A", "1", "B", "x=y", "C", "", "D", "1.10");
    assertThat(fromList.env()).isEqualTo(expected);
    assertThat(fromMap.env()).isEqualTo(expected);
  }

  @Test
  void environmentBooleansAndNumbers_keepTheirSpelling() {
    assertThat(webSpec("environment: {DEBUG: yes, ON: true, PORT: 0080, RATIO: 1e3}").env())
        .containsExactlyInAnyOrderEntriesOf(Map.of("DEBUG", "yes", "ON", "true", "PORT", "0080", "RATIO", "1e3"));
  }

  @Test
  void envFiles_areReadInOrder_andEnvironmentWinsOverThem() {
    Map<String, String> files = Map.of(
        "common.env", "# shared\n\nLEVEL=info\nNAME=\"the shop\"\nexport REGION=eu # where\n",
        "web.env", "LEVEL=debug\nTOKEN='a b'\n");

    StackSpec stack = parse(web("env_file: [common.env, web.env]\nenvironment: [TOKEN=override]"), files);

    assertThat(service(stack, "web").env()).containsExactlyInAnyOrderEntriesOf(
        Map.of("LEVEL", "debug", "NAME", "the shop", "REGION", "eu", "TOKEN", "override"));
  }

  @Test
  void envFile_asOneString_andInLongForm_whereAnOptionalMissingFileIsSkipped() {
    Map<String, String> files = Map.of("web.env", "A=1\n");

    assertThat(service(parse(web("env_file: web.env"), files), "web").env()).isEqualTo(Map.of("A", "1"));
    assertThat(service(parse(web("env_file:\n  - path: web.env\n  - path: local.env\n    required: false"), files),
        "web").env()).isEqualTo(Map.of("A", "1"));
  }

  @Test
  void variableWithoutValue_keepsTheEnvFilesValue_orIsLeftOutWithAWarning() {
    StackSpec stack = parse(web("env_file: web.env\nenvironment: [FROM_FILE, FROM_SHELL]"),
        Map.of("web.env", "FROM_FILE=1\n"));

    assertThat(service(stack, "web").env()).isEqualTo(Map.of("FROM_FILE", "1"));
    assertThat(stack.warnings()).singleElement().asString()
        .startsWith("services.web.environment[1]: has no value");
  }

  @Test
  void labels_inListOrMapForm_withDeployLabelsOverThem() {
    ServiceSpec spec = webSpec("""
        labels: [team=shop, tier=web, flag]
        deploy:
          labels: {tier: edge, version: 2}
        """);

    assertThat(spec.labels()).isEqualTo(Map.of("team", "shop", "tier", "edge", "flag", "", "version", "2"));
  }
}
