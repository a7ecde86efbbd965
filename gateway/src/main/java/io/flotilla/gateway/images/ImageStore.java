package io.flotilla.gateway.images;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.ImageReferences;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager's image archives, in {@code dir} as {@code <hex>.tar} by image ID: an upload is
 * streamed to a file (never held in memory), its ID read from the archive, then kept; every
 * archive held is served in pieces at {@link Addresses#imageArchive}, where any holder answers;
 * the images other managers hold are copied here too ({@link #copyMissing}).
 */
public final class ImageStore {
  private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
  /** The most one piece asked for may be: the bus carries each piece as one message. */
  public static final int MAX_CHUNK = 1024 * 1024;

  private final Vertx vertx;
  private final Path dir;
  private final Map<String, MessageConsumer<Buffer>> serving = new ConcurrentHashMap<>();
  private long copier = -1;
  private boolean copying;

  public ImageStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  /** Serves every archive already in the directory (a restarted manager keeps its images). */
  public Future<Void> start() {
    return vertx.<List<String>>executeBlocking(() -> {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        List<String> ids = new ArrayList<>();
        files.forEach(f -> {
          String name = f.getFileName().toString();
          if (name.endsWith(".part")) {
            try {
              Files.deleteIfExists(f); // an upload cut short
            } catch (IOException e) {
              LOG.warn("cannot remove the unfinished upload {}: {}", f, e.getMessage());
            }
          } else if (name.endsWith(".tar") && ImageReferences.isImageId("sha256:" + name.replace(".tar", ""))) {
            ids.add("sha256:" + name.replace(".tar", ""));
          }
        });
        return ids;
      }
    }).map(ids -> {
      ids.forEach(this::serve);
      return null;
    });
  }

  /**
   * Writes {@code upload} to a file, reads which image it is, and keeps it under that image's
   * ID; the answer has the ID, tags and size, not yet the holders (the log records those).
   */
  public Future<Messages.StoredImage> store(ReadStream<Buffer> upload) {
    Path part = dir.resolve("upload-" + UUID.randomUUID() + ".part");
    return vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .compose(file -> upload.pipeTo(file))
        .compose(v -> vertx.executeBlocking(() -> keep(part)))
        .onSuccess(image -> serve(image.id()))
        .onFailure(e -> vertx.executeBlocking(() -> Files.deleteIfExists(part)));
  }

  private Messages.StoredImage keep(Path part) throws IOException {
    ImageArchive.Contents contents;
    try (InputStream in = Files.newInputStream(part)) {
      contents = ImageArchive.read(in);
    }
    Path kept = archive(contents.id());
    long size = Files.size(part);
    if (Files.exists(kept)) {
      Files.delete(part); // the same image again: the same bytes' ID, so keep the first
    } else {
      Files.move(part, kept, StandardCopyOption.ATOMIC_MOVE);
    }
    return new Messages.StoredImage(contents.id(), contents.tags(), size, List.of(), null);
  }

  private Path archive(String id) {
    return dir.resolve(id.substring("sha256:".length()) + ".tar");
  }

  private void serve(String id) {
    serving.computeIfAbsent(id, key -> vertx.eventBus().<Buffer>consumer(Addresses.imageArchive(key),
        message -> piece(key, message)));
  }

  private void piece(String id, Message<Buffer> message) {
    Messages.ImageChunk chunk;
    try {
      chunk = Json.decode(message.body().toString(), Messages.ImageChunk.class);
    } catch (RuntimeException e) {
      message.fail(400, "not an image chunk request: " + e.getMessage());
      return;
    }
    if (chunk.offset() < 0 || chunk.length() <= 0 || chunk.length() > MAX_CHUNK) {
      message.fail(400, "a piece is 1 to " + MAX_CHUNK + " bytes from a non-negative offset");
      return;
    }
    vertx.executeBlocking(() -> {
      try (RandomAccessFile file = new RandomAccessFile(archive(id).toFile(), "r")) {
        long left = file.length() - chunk.offset();
        byte[] bytes = new byte[(int) Math.max(0, Math.min(chunk.length(), left))];
        file.seek(Math.min(chunk.offset(), file.length()));
        file.readFully(bytes);
        return Buffer.buffer(bytes);
      }
    }, false).onSuccess(message::reply)
        .onFailure(e -> message.fail(500, "cannot read the archive of " + id + ": " + e.getMessage()));
  }

  /**
   * Copies to this manager every image the state knows that it does not hold yet, from a
   * manager that does, then records this manager as a holder too: so an image outlives the
   * manager it was uploaded to. Runs every {@code period}; one copy at a time.
   */
  public void copyMissing(java.time.Duration period) {
    copier = vertx.setPeriodic(period.toMillis(), id -> {
      if (copying) {
        return;
      }
      copying = true;
      io.flotilla.bus.Bus.request(vertx, Addresses.IMAGE_LIST, Map.of(), Messages.StoredImage[].class)
          .compose(images -> {
            Future<Void> chain = Future.succeededFuture();
            for (Messages.StoredImage image : images) {
              if (!serving.containsKey(image.id())) {
                chain = chain.compose(v -> copy(image.id()).otherwiseEmpty());
              }
            }
            return chain;
          })
          .onComplete(done -> copying = false);
    });
  }

  private Future<Void> copy(String id) {
    Path part = dir.resolve("copy-" + UUID.randomUUID() + ".part");
    return vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .compose(file -> copyPieces(id, file, 0).eventually(file::close))
        .compose(v -> vertx.executeBlocking(() -> keep(part)))
        .compose(image -> {
          if (!image.id().equals(id)) {
            return Future.failedFuture("the copy of " + id + " holds " + image.id());
          }
          serve(id);
          LOG.info("copied image {} from another manager ({} bytes)", id, image.size());
          return io.flotilla.bus.Bus.request(vertx, Addresses.IMAGE_STORE, image, Messages.StoredImage.class);
        })
        .<Void>mapEmpty()
        .onFailure(e -> {
          LOG.info("cannot copy image {} yet: {}", id, e.getMessage());
          vertx.executeBlocking(() -> Files.deleteIfExists(part));
        });
  }

  private Future<Void> copyPieces(String id, io.vertx.core.file.AsyncFile file, long offset) {
    return vertx.eventBus().<Buffer>request(Addresses.imageArchive(id),
            Buffer.buffer(Json.encode(new Messages.ImageChunk(offset, MAX_CHUNK))),
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(30_000))
        .compose(reply -> {
          Buffer piece = reply.body();
          return file.write(piece, offset).compose(v -> piece.length() < MAX_CHUNK ? Future.succeededFuture()
              : copyPieces(id, file, offset + piece.length()));
        });
  }

  public Future<Void> close() {
    if (copier >= 0) {
      vertx.cancelTimer(copier);
    }
    List<Future<Void>> closing = new ArrayList<>();
    serving.values().forEach(c -> closing.add(c.unregister()));
    return Future.all(closing).mapEmpty();
  }
}
