package io.flotilla.cli.launch;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.cli.command.DataDirectory;
import io.flotilla.model.ApiTokens;
import io.flotilla.scheduler.state.ApiTokenChanges;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new cluster's first admin API token, made by its first manager before its API answers, its
 * secret written to {@code DATA_DIR/admin-token} (mode 0600). The secret is made here and kept
 * in {@code admin-token.pending} until the log has its hash, so an answer lost to a timeout
 * or a crash is asked for again with the same secret and nobody is locked out. The log makes
 * it once in the cluster's life: a manager that asks with another secret learns it was made
 * (409) and writes nothing.
 */
public final class FirstAdminToken {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdminToken.class);
  /** A new Raft group elects its leader in about a second; a loaded machine may take longer. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);
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
    Path file = file(dataDir);
    Path pending = dataDir.resolve("admin-token.pending");
    return vertx.executeBlocking(() -> {
      Optional<String> kept = Identity.read(pending);
      if (kept.isPresent()) {
        return kept.get();
      }
      String secret = ApiTokens.newSecret(new SecureRandom());
      Identity.writePrivate(pending, secret);
      return secret;
    }).compose(secret -> ask(vertx, ApiTokens.hash(secret), System.nanoTime() + DEADLINE.toNanos())
        .compose(made -> vertx.executeBlocking(() -> {
          if (made) {
            Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("made the cluster's first admin API token '{}'; its secret is in {}", ApiTokenChanges.FIRST_ADMIN,
                file);
          } else {
            Files.deleteIfExists(pending);
          }
          return null;
        })));
  }

  /** True once the log has the token with this hash; false when it has another. */
  private static Future<Boolean> ask(Vertx vertx, String hash, long deadline) {
    return Bus.request(vertx, Addresses.API_TOKEN_FIRST, new Messages.FirstAdminToken(hash),
            Messages.ApiTokenView.class)
        .map(view -> true)
        .recover(e -> {
          if (failureCode(e) == Failures.CONFLICT) {
            LOG.info("the cluster's first admin API token was made before; not making another");
            return Future.succeededFuture(false);
          }
          boolean mayComeThrough = failureCode(e) == Failures.UNAVAILABLE
              || e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT;
          if (!mayComeThrough || System.nanoTime() > deadline) {
            return Future.failedFuture(new IllegalStateException("could not make the first admin API token: "
                + e.getMessage(), e));
          }
          Promise<Boolean> again = Promise.promise();
          vertx.setTimer(RETRY_MS, id -> ask(vertx, hash, deadline).onComplete(again));
          return again.future();
        });
  }

  private static int failureCode(Throwable e) {
    return e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        ? reply.failureCode() : -1;
  }
}
