package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.ImageReferences;

/**
 * The image {@code stack deploy --build} built for a service with the client's engine and
 * uploaded to the managers: its ID, and the tag it was built as (the compose file's
 * {@code image}, else {@code <stack>_<service>}).
 */
public record BuiltImage(String id, String tag) {
  public BuiltImage {
    if (!ImageReferences.isImageId(id)) {
      throw new InvalidSpecException("builtImages.id", "must be sha256: and 64 hex digits, not '" + id + "'");
    }
    if (tag == null || tag.isBlank()) {
      throw new InvalidSpecException("builtImages.tag", "is required");
    }
  }
}
