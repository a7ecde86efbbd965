package io.flotilla.cli.launch;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.cli.command.DataDirectory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new cluster's first admin API token, made by its first manager before its API answers, its
 * secret written to {@code DATA_DIR/admin-token} (mode 0600). The log makes it once in the
 * cluster's life: a manager that asks again learns it was made (409) and writes nothing.
 */
public final class FirstAdminToken {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdminToken.class);
  /** A new Raft group elects its leader in about a second; a loaded machine may take longer. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final long RETRY_MS = 250;

  private FirstAdminToken() {}

  public static Path file(Path dataDir) {
    return dataDir.resolve(DataDirectory.ADMIN_TOKEN_FILE);
  }

  /** The secret in {@code dataDir}'s admin token file, if there is one and it can be read. */
  public static Optional<String> read(Path dataDir) {
    return DataDirectory.adminToken(dataDir);
  }

  static Future<Void> create(Vertx vertx, Path dataDir) {
    return create(vertx, file(dataDir), System.nanoTime() + DEADLINE.toNanos());
  }

  private static Future<Void> create(Vertx vertx, Path file, long deadline) {
    return Bus.request(vertx, Addresses.API_TOKEN_FIRST, new Messages.ApiTokenRef(""), Messages.ApiTokenCreated.class)
        .compose(created -> vertx.executeBlocking(() -> {
          Identity.writePrivate(file, created.token());
          LOG.info("made the cluster's first admin API token '{}'; its secret is in {}", created.name(), file);
          return null;
        }))
        .<Void>mapEmpty()
        .recover(e -> {
          if (failureCode(e) == Failures.CONFLICT) {
            LOG.info("the cluster's first admin API token was made before; not making another");
            return Future.succeededFuture();
          }
          if (failureCode(e) != Failures.UNAVAILABLE || System.nanoTime() > deadline) {
            return Future.failedFuture(new IllegalStateException("could not make the first admin API token: "
                + e.getMessage(), e));
          }
          Promise<Void> again = Promise.promise();
          vertx.setTimer(RETRY_MS, id -> create(vertx, file, deadline).onComplete(again));
          return again.future();
        });
  }

  private static int failureCode(Throwable e) {
    return e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        ? reply.failureCode() : -1;
  }
}
