package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiToken;
import io.flotilla.model.ApiTokenSpec;
import java.time.Instant;
import java.util.List;

/** How API token commands change the state. */
public final class ApiTokenChanges {
  public static final String FIRST_ADMIN = "admin";
  private static final String FIRST_ADMIN_MADE = "apiTokens.firstAdmin.created";

  private ApiTokenChanges() {}

  static Change create(ManagerState state, Command.CreateApiToken c, Instant at) {
    if (c.spec() == null) {
      throw Rejection.badRequest("name: is required");
    }
    if (state.apiTokens().containsKey(c.spec().name())) {
      throw Rejection.conflict("an API token named '" + c.spec().name() + "' already exists");
    }
    ApiToken token = new ApiToken(c.spec(), at, c.hash());
    return new Change(state.withApiTokens(tokens -> tokens.put(token.name(), token)), Outcome.ok(view(token)),
        List.of());
  }

  static Change remove(ManagerState state, Command.RemoveApiToken c) {
    ApiToken token = state.apiTokens().get(c.name());
    if (token == null) {
      throw Rejection.notFound("API token", c.name());
    }
    return new Change(state.withApiTokens(tokens -> tokens.remove(token.name())), Outcome.ok(view(token)),
        List.of());
  }

  /** Made once in the cluster's life; asking again with the same hash (a retry whose answer was lost) gets it again. */
  static Change createFirst(ManagerState state, Command.CreateFirstAdminToken c, Instant at) {
    ApiToken made = state.apiTokens().get(FIRST_ADMIN);
    if (made != null && made.hash().equals(c.hash()) && state.settings().containsKey(FIRST_ADMIN_MADE)) {
      return new Change(state, Outcome.ok(view(made)), List.of());
    }
    if (state.settings().containsKey(FIRST_ADMIN_MADE)) {
      throw Rejection.conflict("the cluster's first admin token was made at " + state.settings().get(FIRST_ADMIN_MADE));
    }
    Change created = create(state, new Command.CreateApiToken(new ApiTokenSpec(FIRST_ADMIN, ApiRole.ADMIN), c.hash()),
        at);
    return new Change(created.state().withSettings(settings -> settings.put(FIRST_ADMIN_MADE, at.toString())),
        created.outcome(), List.of());
  }

  public static Messages.ApiTokenView view(ApiToken token) {
    return new Messages.ApiTokenView(token.name(), token.role(), token.createdAt());
  }
}
