package io.flotilla.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image ID is read from the archive itself: the SHA-256 of the config its manifest names. */
class ImageArchiveTest {
  private static final String CONFIG = "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"]}}";

  @Test
  void theIdIsTheDigestOfTheConfig_andTheTagsComeFromTheManifest() throws Exception {
    String hex = ImageArchive.sha256(CONFIG.getBytes(StandardCharsets.UTF_8));
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(hex + ".json", CONFIG);
    entries.put("0123/layer.tar", "x".repeat(5000));
    entries.put("manifest.json", "[{\"Config\":\"" + hex + ".json\",\"RepoTags\":[\"shop_api:latest\"],"
        + "\"Layers\":[\"0123/layer.tar\"]}]");

    ImageArchive.Contents contents = ImageArchive.read(new ByteArrayInputStream(tar(entries)));

    assertThat(contents.id()).isEqualTo("sha256:" + hex);
    assertThat(contents.tags()).containsExactly("shop_api:latest");
  }

  @Test
  void anOciLayoutArchive_namesItsConfigByBlobPath() throws Exception {
    String hex = ImageArchive.sha256(CONFIG.getBytes(StandardCharsets.UTF_8));
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("blobs/sha256/" + hex, CONFIG);
    entries.put("manifest.json", "[{\"Config\":\"blobs/sha256/" + hex + "\",\"RepoTags\":null,\"Layers\":[]}]");

    assertThat(ImageArchive.read(new ByteArrayInputStream(tar(entries))).id()).isEqualTo("sha256:" + hex);
  }

  @Test
  void anArchiveWithoutManifest_orWithTwoImages_isRefused() {
    assertThat(catchThrowableOfType(() -> ImageArchive.read(new ByteArrayInputStream(tar(Map.of("a", "b")))),
        ImageArchive.InvalidArchive.class)).hasMessageContaining("manifest.json");
    assertThat(catchThrowableOfType(() -> ImageArchive.read(new ByteArrayInputStream(tar(Map.of("manifest.json",
        "[{\"Config\":\"a\"},{\"Config\":\"b\"}]")))), ImageArchive.InvalidArchive.class))
        .hasMessageContaining("exactly one image");
  }

  /** A ustar archive of text files, as tar(1) writes them. */
  static byte[] tar(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entries.forEach((name, text) -> {
      byte[] content = text.getBytes(StandardCharsets.UTF_8);
      byte[] header = new byte[512];
      put(header, 0, name);
      put(header, 100, "0000644");
      put(header, 124, String.format("%011o", content.length));
      header[156] = '0';
      put(header, 257, "ustar");
      out.writeBytes(header);
      out.writeBytes(content);
      out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    });
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
