package io.flotilla.cli.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** How the loader reads files: the content of a file, or empty when there is none. */
@FunctionalInterface
public interface FileReader {
  Optional<String> read(Path path);

  /** The local disk; a file that exists but cannot be read is an error, not an absent file. */
  FileReader DISK = path -> {
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(path));
    } catch (IOException e) {
      throw new ComposeException(path.toString(), "cannot read: " + e.getMessage());
    }
  };
}
