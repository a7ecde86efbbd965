package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --build's use of the docker CLI, against a script that answers as docker does and logs its calls. */
class ImageShippingTest {
  private static final String ID = "sha256:" + "ab".repeat(32);

  @TempDir Path dir;

  private Path fakeDocker() throws Exception {
    Path script = dir.resolve("docker");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\n"
        + "case \"$1\" in image) echo " + ID + ";; version) echo 20.10.24;; esac\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aDryRun_buildsLocally_andUploadsNothing() throws Exception {
    StringWriter out = new StringWriter();
    ImageShipping shipping = new ImageShipping(new PrintWriter(out), fakeDocker().toString());

    Map<String, ImageShipping.Shipped> shipped = shipping.ship(null,
        List.of(new ImageBuild("api", "shop_api", dir, null, Map.of(), null)), true);

    assertThat(shipped).containsEntry("api", new ImageShipping.Shipped(ID, "shop_api"));
    assertThat(out.toString()).contains("Building shop_api", "Would upload shop_api (sha256:abababababab)")
        .doesNotContain("Uploading");
    assertThat(Files.readAllLines(dir.resolve("calls"))).noneMatch(call -> call.startsWith("save"));
  }
}
