package io.flotilla.scheduler.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON lines, one {@link Entry} each. Appends made while a write is on
 * disk are grouped into the next write (group commit); a future completes only once its entry
 * is forced to disk. When the file grows past {@code compactAfter} lines it is rewritten from
 * a snapshot. All file I/O runs on one worker thread, so writes keep their order; the other
 * methods must be called on the owner's event loop.
 */
final class Journal {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  /** One change: {@code op} is "put" (with a value) or "delete". */
  record Entry(String kind, String op, String id, JsonNode value) {}

  private final Path file;
  private final Vertx vertx;
  private final WorkerExecutor disk;
  private final int compactAfter;
  private final List<String> pending = new ArrayList<>();
  private final List<Promise<Void>> waiting = new ArrayList<>();
  private Supplier<List<Entry>> snapshot;
  private FileChannel channel;
  private boolean writing;
  private int lines;

  private Journal(Path file, Vertx vertx, int compactAfter, int lines) throws IOException {
    this.file = file;
    this.vertx = vertx;
    this.disk = vertx.createSharedWorkerExecutor("flotilla-journal-" + file.toAbsolutePath(), 1);
    this.compactAfter = compactAfter;
    this.lines = lines;
    this.channel = open(file);
  }

  /** Reads every entry of {@code file} (a torn last line from a crash is dropped) and opens it for appending. */
  static Journal open(Vertx vertx, Path file, int compactAfter, List<Entry> replayed) throws IOException {
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          replayed.add(Json.MAPPER.readValue(line, Entry.class));
        } catch (IOException torn) {
          break;
        }
      }
    }
    return new Journal(file, vertx, compactAfter, replayed.size());
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Must be called on the owner's event loop. */
  Future<Void> append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    entries.forEach(e -> pending.add(Json.encode(e)));
    waiting.add(promise);
    writeIfIdle();
    return promise.future();
  }

  /** What the file is rewritten from once it grows past {@code compactAfter} lines. */
  void compactFrom(Supplier<List<Entry>> snapshot) {
    this.snapshot = snapshot;
  }

  /** Replaces the file with {@code snapshot}; appends made meanwhile follow it. */
  private void compact(List<Entry> snapshot) {
    List<String> text = snapshot.stream().map(Json::encode).toList();
    writing = true;
    disk.<Void>executeBlocking(() -> {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap((String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      channel.close();
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      channel = open(file);
      return null;
    }).onComplete(done -> {
      if (done.succeeded()) {
        lines = text.size();
      } else {
        LOG.error("journal compaction failed; the journal keeps growing", done.cause());
        lines = 0;
      }
      writing = false;
      writeIfIdle();
    });
  }

  private void writeIfIdle() {
    if (writing || pending.isEmpty()) {
      return;
    }
    writing = true;
    byte[] batch = (String.join("\n", pending) + "\n").getBytes(StandardCharsets.UTF_8);
    int batchLines = pending.size();
    List<Promise<Void>> batchWaiting = List.copyOf(waiting);
    pending.clear();
    waiting.clear();
    disk.<Void>executeBlocking(() -> {
      ByteBuffer buffer = ByteBuffer.wrap(batch);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      return null;
    }, true).onComplete(result -> {
      writing = false;
      lines += batchLines;
      batchWaiting.forEach(p -> p.handle(result));
      if (lines > compactAfter && snapshot != null) {
        compact(snapshot.get());
      } else {
        writeIfIdle();
      }
    });
  }

  Future<Void> close() {
    return disk.<Void>executeBlocking(() -> {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    }).eventually(disk::close);
  }
}
