package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.ImageChanges;

/** Built images: the gateway of this manager stored an archive; every manager lists what the state knows. */
public final class ImageHandlers {
  private final Endpoints endpoints;
  private final String managerId;

  public ImageHandlers(Endpoints endpoints, String managerId) {
    this.endpoints = endpoints;
    this.managerId = managerId;
  }

  public void mount() {
    endpoints.serve(Addresses.IMAGE_STORE, message -> {
      Messages.StoredImage stored = Endpoints.body(message, Messages.StoredImage.class);
      endpoints.write(message, new Command.StoreImage(stored.id(), stored.tags(), stored.size(), managerId));
    });
    endpoints.serve(Addresses.IMAGE_LIST, message -> Bus.reply(message,
        ImageChanges.all(endpoints.state()).toArray(Messages.StoredImage[]::new)));
  }
}
