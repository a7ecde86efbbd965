package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.images.ImageArchive;
import io.flotilla.gateway.images.ImageStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /v1/images}: upload an image archive ({@code docker save}, the request body, streamed
 * to disk) built by the client; list the images the managers hold. Answers the stored image,
 * its ID read from the archive itself.
 */
final class ImageRoutes {
  static final String PATH = "/v1/images";
  /** An archive larger than this is refused (413): {@code -Dflotilla.images.maxBytes} changes it. */
  static final long MAX_BYTES = Long.getLong("flotilla.images.maxBytes", 8L * 1024 * 1024 * 1024);

  private ImageRoutes() {}

  static void mount(Router router, Vertx vertx, ImageStore store) {
    router.post(PATH).handler(ctx -> {
      if (store == null) {
        throw new ApiException(404, "this API does not keep images");
      }
      String length = ctx.request().getHeader("content-length");
      if (length == null) {
        throw new ApiException(411, "Content-Length is required: the archive's size (docker save -o FILE)");
      }
      long bytes;
      try {
        bytes = Long.parseLong(length);
      } catch (NumberFormatException e) {
        throw new ApiException(400, "Content-Length is not a number");
      }
      if (bytes > MAX_BYTES) {
        throw new ApiException(413, "the image archive has " + bytes + " bytes, more than the " + MAX_BYTES
            + " this manager takes", Map.of("maxBytes", MAX_BYTES));
      }
      Replies.json(ctx, 201, store.store(ctx.request())
          .recover(e -> io.vertx.core.Future.failedFuture(e instanceof ImageArchive.InvalidArchive
              ? new ApiException(400, "not an image archive: " + e.getMessage()) : e))
          .compose(image -> Bus.request(vertx, Addresses.IMAGE_STORE, image, Messages.StoredImage.class)));
    });
    router.get(PATH).handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.IMAGE_LIST, Map.of(), Messages.StoredImage[].class)));
  }
}
