package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void splitsOnWhitespace_quotesGroup_backslashesEscape() {
    assertThat(ShellWords.split("f", "  a   b\tc ")).containsExactly("a", "b", "c");
    assertThat(ShellWords.split("f", "echo 'it''s' \"say \\\"hi\\\" \\n\"")).containsExactly("echo", "its",
        "say \"hi\" \\n");
    assertThat(ShellWords.split("f", "a\\ b '' \"\"")).containsExactly("a b", "", "");
    assertThat(ShellWords.split("f", "--x='$HOME'")).containsExactly("--x=$HOME");
  }

  @Test
  void unclosedQuote_isAnErrorAtTheField() {
    assertThatThrownBy(() -> ShellWords.split("services.web.command", "echo \"hi"))
        .hasMessage("services.web.command: has an unclosed double quote: echo \"hi");
  }
}
