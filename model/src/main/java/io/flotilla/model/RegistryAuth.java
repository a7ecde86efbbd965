package io.flotilla.model;

/**
 * A user's credentials for one image registry, as {@code docker login} keeps them. They travel
 * only sealed in the managers' state and, opened, to a node with the assignment of a task that
 * pulls from {@code registry}; {@link #toString} never shows the password.
 */
public record RegistryAuth(String registry, String username, String password) {
  public RegistryAuth {
    Check.required("registryAuth.registry", registry);
    Check.required("registryAuth.username", username);
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "RegistryAuth[" + registry + ", " + username + "]";
  }
}
