package io.flotilla.cli.command;

import io.flotilla.model.FileReference;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Docker's {@code --secret} and {@code --config} for {@code service create}, and their
 * {@code -add}/{@code -rm} forms for {@code service update}: {@code NAME}, or
 * {@code source=NAME,target=PATH,uid=N,gid=N,mode=0400}.
 */
final class FileReferenceOptions {
  private FileReferenceOptions() {}

  /** {@code service create}'s: the secrets and configs of the new service. */
  static final class ForCreate {
    @Option(names = "--secret", paramLabel = "NAME|source=NAME[,target=T,uid=N,gid=N,mode=0400]",
        description = "Give the tasks a secret as a file, /run/secrets/NAME (or /run/secrets/TARGET) by default "
            + "(repeatable)")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--config", paramLabel = "NAME|source=NAME[,target=/PATH,uid=N,gid=N,mode=0444]",
        description = "Give the tasks a config as a file, /NAME by default (repeatable)")
    List<String> configs = new ArrayList<>();

    /** {@code spec} with these secrets and configs. */
    ServiceSpec applyTo(ServiceSpec spec) {
      return spec.withFiles(parse("--secret", secrets), parse("--config", configs));
    }
  }

  /** {@code service update}'s: secrets and configs added to or removed from the service's. */
  static final class ForUpdate {
    @Option(names = "--secret-add", paramLabel = "NAME|source=NAME[,target=T,uid=N,gid=N,mode=0400]",
        description = "Add a secret, or change where it appears (repeatable)")
    List<String> secretAdd = new ArrayList<>();

    @Option(names = "--secret-rm", paramLabel = "NAME", description = "Remove a secret (repeatable)")
    List<String> secretRm = new ArrayList<>();

    @Option(names = "--config-add", paramLabel = "NAME|source=NAME[,target=/PATH,uid=N,gid=N,mode=0444]",
        description = "Add a config, or change where it appears (repeatable)")
    List<String> configAdd = new ArrayList<>();

    @Option(names = "--config-rm", paramLabel = "NAME", description = "Remove a config (repeatable)")
    List<String> configRm = new ArrayList<>();

    /** {@code next} with {@code old}'s secrets and configs, less those removed, plus those added. */
    ServiceSpec applyTo(ServiceSpec next, ServiceSpec old) {
      return next.withFiles(changed(old.secrets(), secretRm, parse("--secret-add", secretAdd)),
          changed(old.configs(), configRm, parse("--config-add", configAdd)));
    }
  }

  /** As docker does: removals first, then additions, an addition replacing a reference of the same source and target. */
  static List<FileReference> changed(List<FileReference> old, List<String> removed, List<FileReference> added) {
    List<FileReference> result = new ArrayList<>(old.stream().filter(r -> !removed.contains(r.source())).toList());
    for (FileReference add : added) {
      result.removeIf(r -> r.source().equals(add.source()) && java.util.Objects.equals(r.target(), add.target()));
      result.add(add);
    }
    return result;
  }

  static List<FileReference> parse(String option, List<String> values) {
    return values.stream().map(v -> parse(option, v)).toList();
  }

  /** {@code NAME}, or docker's {@code source=NAME,target=T,uid=N,gid=N,mode=0400} ({@code src} for short). */
  static FileReference parse(String option, String text) {
    if (!text.contains("=")) {
      return reference(option, text, null, null, null, null);
    }
    String source = null;
    String target = null;
    String uid = null;
    String gid = null;
    Integer mode = null;
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new CliException(option + ": expected KEY=VALUE, got '" + part + "' in '" + text + "'");
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      switch (key) {
        case "source", "src" -> source = value;
        case "target" -> target = value;
        case "uid" -> uid = value;
        case "gid" -> gid = value;
        case "mode" -> {
          try {
            mode = Integer.parseInt(value, 8);
          } catch (NumberFormatException e) {
            throw new CliException(option + ": mode must be octal permission bits such as 0400, not '" + value + "'");
          }
        }
        default -> throw new CliException(option + ": unknown key '" + key
            + "' (expected source, target, uid, gid or mode)");
      }
    }
    return reference(option, source, target, uid, gid, mode);
  }

  private static FileReference reference(String option, String source, String target, String uid, String gid,
      Integer mode) {
    try {
      return new FileReference(source, target, uid, gid, mode);
    } catch (InvalidSpecException e) {
      throw new CliException(option + ": " + e.getMessage());
    }
  }
}
