package io.flotilla.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a {@code docker save} archive (a tar) holds: its one image's ID, worked out from the
 * archive itself (the SHA-256 of the image's config, as the engine computes it), and its tags.
 * Reads the tar in one pass; an archive that is not one image is an {@link InvalidArchive}.
 */
public final class ImageArchive {
  private static final int BLOCK = 512;
  /** Configs and manifests are small; layers are hashed not at all. */
  private static final long SMALL = 4L * 1024 * 1024;

  /** One image: {@code id} is {@code sha256:<hex>}. */
  public record Contents(String id, List<String> tags) {}

  public static final class InvalidArchive extends RuntimeException {
    InvalidArchive(String message) {
      super(message);
    }
  }

  private ImageArchive() {}

  public static Contents read(InputStream tar) throws IOException {
    InputStream in = new BufferedInputStream(tar, 64 * 1024);
    Map<String, String> smallDigests = new HashMap<>();
    byte[] manifest = null;
    byte[] header = new byte[BLOCK];
    while (true) {
      if (!readFully(in, header)) {
        break; // a tar without its end blocks: what came is what there is
      }
      if (isZero(header)) {
        break;
      }
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
      boolean regular = type == '0' || type == 0;
      if (regular && size <= SMALL) {
        byte[] content = in.readNBytes((int) size);
        if (content.length != size) {
          throw new InvalidArchive("the archive ends inside " + name);
        }
        skip(in, padded - size);
        smallDigests.put(name, sha256(content));
        if (name.equals("manifest.json")) {
          manifest = content;
        }
      } else {
        skip(in, padded);
      }
    }
    if (manifest == null) {
      throw new InvalidArchive("no manifest.json: not an archive of docker save");
    }
    JsonNode images = Json.MAPPER.readTree(new String(manifest, StandardCharsets.UTF_8));
    if (!images.isArray() || images.size() != 1) {
      throw new InvalidArchive("the archive must hold exactly one image, it holds "
          + (images.isArray() ? images.size() : 0));
    }
    String config = images.get(0).path("Config").asText("");
    String digest = smallDigests.get(config);
    if (digest == null) {
      throw new InvalidArchive("the archive lacks the image's config " + config);
    }
    List<String> tags = new ArrayList<>();
    images.get(0).path("RepoTags").forEach(t -> tags.add(t.asText()));
    return new Contents("sha256:" + digest, tags);
  }

  private static boolean readFully(InputStream in, byte[] block) throws IOException {
    int read = in.readNBytes(block, 0, block.length);
    if (read == 0) {
      return false;
    }
    if (read < block.length) {
      throw new InvalidArchive("the archive ends inside a tar header");
    }
    return true;
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new InvalidArchive("the archive ends inside an entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String digits = text(header, offset, length).trim();
    if (digits.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new InvalidArchive("a tar header has a size that is not a number: " + digits);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
