package io.flotilla.agent.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a built image's archive from the managers over the (here local) event bus. */
class BusImageArchivesTest {
  private static final String ID = "sha256:" + "cd".repeat(32);

  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A manager that holds {@code archive} and serves it piece by piece. */
  private void serve(byte[] archive) {
    vertx.eventBus().<Buffer>consumer(Addresses.imageArchive(ID), message -> {
      Messages.ImageChunk chunk = Json.decode(message.body().toString(), Messages.ImageChunk.class);
      int from = (int) Math.min(chunk.offset(), archive.length);
      int to = Math.min(from + chunk.length(), archive.length);
      message.reply(Buffer.buffer(Arrays.copyOfRange(archive, from, to)));
    });
  }

  @Test
  void anArchiveOfSeveralPieces_arrivesWhole() throws Exception {
    byte[] archive = new byte[BusImageArchives.CHUNK * 2 + 123];
    Arrays.fill(archive, (byte) 7);
    serve(archive);

    new BusImageArchives(vertx).fetch(ID, dir.resolve("image.tar"));

    assertThat(Files.readAllBytes(dir.resolve("image.tar"))).isEqualTo(archive);
  }

  @Test
  void aHolderThatAppearsJustAfterTheUpload_isWaitedFor() throws Exception {
    byte[] archive = {1, 2, 3};
    vertx.setTimer(500, t -> serve(archive));

    new BusImageArchives(vertx).fetch(ID, dir.resolve("image.tar"));

    assertThat(Files.readAllBytes(dir.resolve("image.tar"))).isEqualTo(archive);
  }

  @Test
  void noHolderAtAll_isAnUnavailableImage_sayingSo() {
    assertThatThrownBy(() -> new BusImageArchives(vertx).fetch(ID, dir.resolve("image.tar")))
        .isInstanceOf(ImageUnavailableException.class)
        .hasMessageContaining("no manager holds it");
  }
}
