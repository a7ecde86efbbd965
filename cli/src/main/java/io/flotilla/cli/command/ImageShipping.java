package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --build}: builds images with the client's local Docker engine (the {@code docker} CLI,
 * run as a process, so it uses the engine and settings {@code docker} itself would), saves each
 * to a temporary archive and uploads it to the managers ({@code POST /v1/images}), which ship it
 * to the nodes that need it. No registry is involved.
 */
final class ImageShipping {
  /** What a build became on the cluster: its image ID, and the tag it was built as. */
  record Shipped(String id, String tag) {}

  private final PrintWriter out;
  private final String docker;

  ImageShipping(PrintWriter out) {
    this(out, System.getenv().getOrDefault("FLOTILLA_DOCKER_CLI", "docker"));
  }

  ImageShipping(PrintWriter out, String docker) {
    this.out = out;
    this.docker = docker;
  }

  /** Builds and uploads each one, in order; the answer maps each build's service to what was shipped. */
  Map<String, Shipped> ship(ApiClient client, List<ImageBuild> builds) {
    return ship(client, builds, false);
  }

  /**
   * As {@link #ship(ApiClient, List)}; with {@code dryRun}, builds (on the local engine only) and
   * uploads nothing, so a dry run's plan names the image IDs a deploy would ship.
   */
  Map<String, Shipped> ship(ApiClient client, List<ImageBuild> builds, boolean dryRun) {
    Map<String, Shipped> shipped = new java.util.LinkedHashMap<>();
    if (builds.isEmpty()) {
      return shipped;
    }
    checkEngine();
    for (ImageBuild build : builds) {
      out.println("Building " + build.tag() + " from " + build.context());
      out.flush();
      run(build.dockerArgs(), "docker build of " + build.tag(), true);
      String id = run(List.of("image", "inspect", "--format", "{{.Id}}", build.tag()), "docker image inspect", false)
          .trim();
      if (dryRun) {
        out.println("Would upload " + build.tag() + " (" + shortId(id) + ") to the managers");
        shipped.put(build.service(), new Shipped(id, build.tag()));
      } else {
        shipped.put(build.service(), new Shipped(upload(client, build.tag(), id), build.tag()));
      }
    }
    return shipped;
  }

  private String upload(ApiClient client, String tag, String id) {
    Path archive = null;
    try {
      archive = Files.createTempFile("flotilla-build-", ".tar");
      run(List.of("save", "-o", archive.toString(), tag), "docker save of " + tag, false);
      out.println("Uploading " + tag + " (" + shortId(id) + ", "
          + (Files.size(archive) >> 20) + " MiB) to the managers");
      out.flush();
      JsonNode stored = client.upload("v1/images", archive, "application/x-tar");
      String storedId = stored.path("id").asText();
      if (!storedId.equals(id)) {
        throw new CliException("the managers stored image " + storedId + " for " + tag + ", but the local engine"
            + " has " + id);
      }
      return storedId;
    } catch (IOException e) {
      throw new CliException("cannot save " + tag + " to a temporary file: " + e.getMessage());
    } finally {
      if (archive != null) {
        try {
          Files.deleteIfExists(archive);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(19, id.length()));
  }

  private void checkEngine() {
    try {
      run(List.of("version", "--format", "{{.Server.Version}}"), "docker version", false);
    } catch (CliException e) {
      throw new CliException("--build needs a local Docker engine, and none answers: " + e.getMessage()
          + " (start dockerd, or point DOCKER_HOST at an engine)");
    }
  }

  /** Runs {@code docker ARGS}; its output goes to the user when {@code show}, else comes back. */
  private String run(List<String> args, String what, boolean show) {
    List<String> command = new ArrayList<>();
    command.add(docker);
    command.addAll(args);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new CliException("no '" + docker + "' command to run (" + e.getMessage() + "): --build runs the docker"
          + " CLI against your local engine; install it or set FLOTILLA_DOCKER_CLI");
    }
    StringBuilder output = new StringBuilder();
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (show) {
          out.println("  " + line);
          out.flush();
        }
        output.append(line).append('\n');
      }
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new CliException(what + " did not finish within 10 minutes");
      }
    } catch (IOException e) {
      throw new CliException(what + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    if (process.exitValue() != 0) {
      String tail = output.toString().strip();
      throw new CliException(what + " failed (exit " + process.exitValue() + ")"
          + (tail.isEmpty() ? "" : ": " + tail.lines().reduce((a, b) -> b).orElse("")));
    }
    return output.toString();
  }
}
