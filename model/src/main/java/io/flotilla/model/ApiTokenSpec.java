package io.flotilla.model;

/** What the user asks for when creating an API token: its name and its role. */
public record ApiTokenSpec(String name, ApiRole role) {
  public ApiTokenSpec {
    Check.name("name", name);
    if (role == null) {
      throw new InvalidSpecException("role", "is required (admin or readonly)");
    }
  }
}
