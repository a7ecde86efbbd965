package io.flotilla.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotEnvTest {
  private static Map<String, String> parse(String content) {
    return DotEnv.parse(".env", content, name -> Optional.ofNullable(Map.of("SHELL_VAR", "from-shell").get(name)),
        new Warnings());
  }

  @Test
  void commentsBlankLinesExportAndSpaces() {
    assertThat(parse("""
        # a comment
        
        export TAG=1.2
        PORT = 8080
        URL=http://x/#anchor
        TRAILING=value # a comment
        EMPTY=
        """)).containsExactly(Map.entry("TAG", "1.2"), Map.entry("PORT", "8080"),
        Map.entry("URL", "http://x/#anchor"), Map.entry("TRAILING", "value"), Map.entry("EMPTY", ""));
  }

  @Test
  void quotes_singleLiteral_doubleWithEscapesAndLines() {
    Map<String, String> env = parse("""
        SINGLE='a $b # c'
        DOUBLE="a b # not a comment"
        ESCAPED="line1\\nline2 \\"q\\""
        MULTI="first
        second"
        AFTER=ok
        """);
    assertThat(env).containsEntry("SINGLE", "a $b # c").containsEntry("DOUBLE", "a b # not a comment")
        .containsEntry("ESCAPED", "line1\nline2 \"q\"").containsEntry("MULTI", "first\nsecond")
        .containsEntry("AFTER", "ok");
  }

  @Test
  void valuesInterpolateEarlierEntriesAndTheShell() {
    assertThat(parse("""
        HOST=db
        URL=postgres://${HOST}:5432
        QUOTED="${SHELL_VAR}/x"
        LITERAL='${HOST}'
        DEFAULTED=${NOPE:-fallback}
        """)).containsEntry("URL", "postgres://db:5432").containsEntry("QUOTED", "from-shell/x")
        .containsEntry("LITERAL", "${HOST}").containsEntry("DEFAULTED", "fallback");
  }

  @Test
  void aBareKeyTakesTheShellsValueOrIsLeftOut() {
    assertThat(parse("SHELL_VAR\nNOT_SET\n")).containsExactly(Map.entry("SHELL_VAR", "from-shell"));
  }

  @Test
  void errorsNameTheFileAndLine() {
    assertThatThrownBy(() -> parse("OK=1\nnot a line\n")).hasMessageStartingWith(".env line 2: expected KEY=VALUE");
    assertThatThrownBy(() -> parse("A=\"open\n")).hasMessageStartingWith(".env line 1: the value of A has no closing");
  }
}
