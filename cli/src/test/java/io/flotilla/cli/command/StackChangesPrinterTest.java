package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StackChangesPrinterTest {

  private static String printed(String json) throws Exception {
    StringWriter text = new StringWriter();
    StackChangesPrinter.print(new PrintWriter(text), Json.MAPPER.readTree(json));
    return text.toString();
  }

  @Test
  void aDryRun_saysWhatWouldChange_fieldByField_andThatNothingChanged() throws Exception {
    assertThat(printed("""
        {"dryRun": true, "networksCreated": ["shop_back"], "created": ["shop_db"], "updated": ["shop_web"],
         "removed": ["shop_old"], "warnings": ["services.web.privileged: not supported, ignored"],
         "changes": {"shop_web": [{"field": "image", "from": "web:1", "to": "web:2"}, {"field": "env.DEBUG", "to": "1"}]}}
        """)).isEqualTo("""
        Warning: services.web.privileged: not supported, ignored
        Would create network shop_back
        Would create service shop_db
        Would update service shop_web
            image: web:1 -> web:2
            env.DEBUG: (none) -> 1
        Would remove service shop_old
        Dry run: nothing was changed.
        """);
  }

  @Test
  void aDeploy_saysWhatItDid() throws Exception {
    assertThat(printed("""
        {"dryRun": false, "created": ["shop_db"], "updated": ["shop_web"],
         "changes": {"shop_web": [{"field": "replicas", "from": "2", "to": "3"}]}}
        """)).isEqualTo("Creating service shop_db\nUpdating service shop_web\n    replicas: 2 -> 3\n");
  }

  @Test
  void aDryRun_ofAnUnchangedStack_saysSo() throws Exception {
    assertThat(printed("{\"dryRun\": true, \"unchanged\": [\"shop_web\"]}"))
        .isEqualTo("Dry run: the stack is as the file says; a deploy would change nothing.\n");
  }
}
