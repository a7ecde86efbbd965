package io.flotilla.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two managers' stores on one bus: an upload is kept by its image ID and served in pieces, and
 * the other manager copies it (bigger than one piece) and reports itself a holder.
 */
@ExtendWith(VertxExtension.class)
class ImageStoreTest {
  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anUploadIsKeptByItsId_andAnotherManagerCopiesIt_andSaysSo(Vertx vertx, VertxTestContext test,
      @TempDir Path first, @TempDir Path second) throws Exception {
    String config = "{\"config\":{}}";
    String hex = ImageArchive.sha256(config.getBytes(StandardCharsets.UTF_8));
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(hex + ".json", config);
    entries.put("layer/layer.tar", "y".repeat(ImageStore.MAX_CHUNK + 4321)); // two pieces and a bit
    entries.put("manifest.json", "[{\"Config\":\"" + hex + ".json\",\"RepoTags\":[\"a:1\"]}]");
    byte[] archive = ImageArchiveTest.tar(entries);
    Messages.StoredImage[] known = new Messages.StoredImage[1];
    vertx.eventBus().<String>localConsumer(Addresses.IMAGE_LIST, m -> m.reply(Json.encode(
        known[0] == null ? new Messages.StoredImage[0] : known)));
    vertx.eventBus().<String>localConsumer(Addresses.IMAGE_STORE, m -> {
      Messages.StoredImage stored = Json.decode(m.body(), Messages.StoredImage.class);
      m.reply(m.body());
      if (known[0] != null) {
        test.verify(() -> {
          assertThat(stored.id()).isEqualTo("sha256:" + hex);
          assertThat(Files.readAllBytes(second.resolve(hex + ".tar"))).isEqualTo(archive);
        });
        test.completeNow();
      }
    });
    ReadStream<Buffer> upload = stream(vertx, archive);
    ImageStore uploadedTo = new ImageStore(vertx, first);
    ImageStore other = new ImageStore(vertx, second);
    uploadedTo.start().compose(v -> other.start())
        .compose(v -> uploadedTo.store(upload))
        .onComplete(test.succeeding(image -> {
          test.verify(() -> {
            assertThat(image.id()).isEqualTo("sha256:" + hex);
            assertThat(image.tags()).containsExactly("a:1");
            assertThat(Files.readAllBytes(first.resolve(hex + ".tar"))).isEqualTo(archive);
          });
          known[0] = new Messages.StoredImage(image.id(), image.tags(), image.size(), List.of("m1"), null);
          other.copyMissing(Duration.ofMillis(100));
        }));
  }

  private static ReadStream<Buffer> stream(Vertx vertx, byte[] bytes) throws Exception {
    Path file = Files.createTempFile("upload", ".tar");
    Files.write(file, bytes);
    return vertx.fileSystem().openBlocking(file.toString(), new io.vertx.core.file.OpenOptions().setRead(true));
  }
}
