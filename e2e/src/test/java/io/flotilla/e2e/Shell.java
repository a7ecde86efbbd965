package io.flotilla.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps what it printed. Public for the testbed package. */
public final class Shell {
  public record Result(int exitCode, String out, String err) {
    public Result orFail() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err);
      }
      return this;
    }
  }

  private Shell() {}

  public static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static Result run(String... command) {
    return run(List.of(command));
  }
}
