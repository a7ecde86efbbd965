package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiToken;
import io.flotilla.model.ApiTokens;
import io.flotilla.scheduler.state.ApiTokenChanges;
import io.flotilla.scheduler.state.Command;
import io.vertx.core.eventbus.Message;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * API tokens: made and removed through the log, listed and checked from this manager's state.
 * A new token's secret is made here and answered once; only its hash goes into the log. The
 * first admin token is the exception: the manager that asks for it makes its secret.
 */
public final class ApiTokenHandlers {
  private final Endpoints endpoints;
  private final RandomGenerator random;

  public ApiTokenHandlers(Endpoints endpoints, RandomGenerator random) {
    this.endpoints = endpoints;
    this.random = random;
  }

  public void mount() {
    endpoints.serve(Addresses.API_TOKEN_CREATE, message -> {
      Messages.CreateApiToken request = Endpoints.body(message, Messages.CreateApiToken.class);
      String secret = ApiTokens.newSecret(random);
      endpoints.write(message, new Command.CreateApiToken(request.spec(), ApiTokens.hash(secret)),
          outcome -> Bus.reply(message, created(outcome.value(Messages.ApiTokenView.class), secret)));
    });
    endpoints.serve(Addresses.API_TOKEN_FIRST, message -> endpoints.write(message,
        new Command.CreateFirstAdminToken(Endpoints.body(message, Messages.FirstAdminToken.class).hash())));
    endpoints.serve(Addresses.API_TOKEN_REMOVE, message -> endpoints.write(message,
        new Command.RemoveApiToken(Endpoints.body(message, Messages.ApiTokenRef.class).name())));
    endpoints.serve(Addresses.API_TOKEN_LIST, message -> Bus.reply(message, new Messages.ApiTokenList(
        endpoints.state().apiTokens().values().stream().map(ApiTokenChanges::view).toList())));
    endpoints.serve(Addresses.API_TOKEN_VERIFY, this::verify);
    endpoints.serveCluster(Addresses.API_TOKEN_CHECK, this::verify);
  }

  /** Compares the hash with every token's, without stopping at a match, so the time taken tells nothing. */
  private void verify(Message<String> message) {
    String hash = Optional.ofNullable(Endpoints.body(message, Messages.ApiTokenCheck.class).hash()).orElse("");
    Optional<ApiToken> match = Optional.empty();
    for (ApiToken token : endpoints.state().apiTokens().values()) {
      if (ApiTokens.matches(token, hash)) {
        match = Optional.of(token);
      }
    }
    match.ifPresentOrElse(token -> Bus.reply(message, ApiTokenChanges.view(token)),
        () -> message.fail(Failures.UNAUTHORIZED, "unknown API token"));
  }

  private static Messages.ApiTokenCreated created(Messages.ApiTokenView view, String secret) {
    return new Messages.ApiTokenCreated(view.name(), view.role(), view.createdAt(), secret);
  }
}
