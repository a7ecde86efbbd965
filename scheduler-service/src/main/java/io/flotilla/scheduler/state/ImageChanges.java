package io.flotilla.scheduler.state;

import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.ImageReferences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Images built by {@code --build} and uploaded to the managers: which exist, by image ID, and
 * which managers hold the archive in their data directory. The archive itself never enters the
 * log (too big); agents fetch it from a holder.
 */
public final class ImageChanges {
  private static final String PREFIX = "image.";

  private ImageChanges() {}

  /** A second upload of the same image adds its tags and its holder; the first time stays. */
  static Change store(ManagerState state, Command.StoreImage c, Instant at) {
    if (!ImageReferences.isImageId(c.id())) {
      throw Rejection.badRequest("id: an image ID is sha256: and 64 hex digits, not '" + c.id() + "'");
    }
    if (c.holder() == null || c.holder().isBlank()) {
      throw Rejection.badRequest("holder: the manager that stored the archive is required");
    }
    Optional<Messages.StoredImage> known = of(state, c.id());
    Set<String> tags = new LinkedHashSet<>(known.map(Messages.StoredImage::tags).orElse(List.of()));
    tags.addAll(c.tags());
    Set<String> holders = new LinkedHashSet<>(known.map(Messages.StoredImage::holders).orElse(List.of()));
    holders.add(c.holder());
    Messages.StoredImage image = new Messages.StoredImage(c.id(), List.copyOf(tags), c.size(), List.copyOf(holders),
        known.map(Messages.StoredImage::storedAt).orElse(at));
    return new Change(state.withSettings(settings -> settings.put(PREFIX + c.id(), Json.encode(image))),
        Outcome.ok(image), List.of());
  }

  public static Optional<Messages.StoredImage> of(ManagerState state, String id) {
    return Optional.ofNullable(state.settings().get(PREFIX + id))
        .map(json -> Json.decode(json, Messages.StoredImage.class));
  }

  public static List<Messages.StoredImage> all(ManagerState state) {
    List<Messages.StoredImage> images = new ArrayList<>();
    state.settings().forEach((key, json) -> {
      if (key.startsWith(PREFIX)) {
        images.add(Json.decode(json, Messages.StoredImage.class));
      }
    });
    images.sort(Comparator.comparing(Messages.StoredImage::storedAt).thenComparing(Messages.StoredImage::id));
    return images;
  }
}
