package io.flotilla.gateway.access;

import io.flotilla.model.ApiRole;

/** What an API call needs: no token, a token of any role, or an admin token. */
public enum Access {
  OPEN, READ, ADMIN;

  public boolean allows(ApiRole role) {
    return switch (this) {
      case OPEN, READ -> true;
      case ADMIN -> role == ApiRole.ADMIN;
    };
  }
}
