package io.flotilla.model;

import java.time.Instant;

/** An API token as the managers keep it: never its secret, only the secret's {@link ApiTokens#hash hash}. */
public record ApiToken(ApiTokenSpec spec, Instant createdAt, String hash) {
  public ApiToken {
    if (spec == null || createdAt == null || hash == null || hash.isBlank()) {
      throw new IllegalArgumentException("an API token needs a spec, a creation time and a hash");
    }
  }

  public String name() {
    return spec.name();
  }

  public ApiRole role() {
    return spec.role();
  }
}
