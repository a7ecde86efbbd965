package io.flotilla.cli.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads compose files into one resolved compose document, as Compose does on the client: the variables
 * come from {@code environment} (the CLI's), then from {@code --env-file}s or else the {@code .env} beside the
 * first file; each file is interpolated, its {@code include}s added, its relative paths resolved and its
 * {@code extends} applied; the files are merged in order as override files; services outside the active
 * profiles are dropped; {@code env_file}s are read into {@code environment}. The top-level {@code name} is
 * taken out into {@link Result#name}.
 */
public final class ComposeLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  /** What to load: the compose files in merge order, {@code --env-file}s, {@code --profile}s, the environment. */
  public record Request(List<Path> files, List<Path> envFiles, List<String> profiles, Map<String, String> environment) {
    public Request {
      if (files == null || files.isEmpty()) {
        throw new IllegalArgumentException("at least one compose file");
      }
      files = List.copyOf(files);
      envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
      profiles = profiles == null ? List.of() : List.copyOf(profiles);
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }

  /**
   * The resolved document, the file's top-level {@code name} (null when it has none), the warnings,
   * and the project's variables as interpolation looked them up (what a secret's
   * {@code environment:} names is read from them, as Compose does).
   */
  public record Result(ObjectNode compose, String name, List<String> warnings,
      Function<String, Optional<String>> variables) {
    public Result {
      warnings = List.copyOf(warnings);
      variables = variables == null ? variable -> Optional.empty() : variables;
    }

    /** The document as YAML, as {@code stack config} prints it and {@code stack deploy} sends it. */
    public String yaml() {
      try {
        String yaml = YAML.writeValueAsString(compose);
        return yaml.endsWith("\n") ? yaml : yaml + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private ComposeLoader() {}

  public static Result load(Request request, FileReader files) {
    Warnings warnings = new Warnings();
    Path first = request.files().get(0).toAbsolutePath().normalize();
    Path projectDir = first.getParent();
    Function<String, Optional<String>> lookup = variables(request, projectDir, files, warnings);
    FileLoader loader = new FileLoader(files, new Interpolation(lookup, warnings), lookup, warnings);
    ObjectNode merged = null;
    for (Path file : request.files()) {
      Document document = loader.load(file.toAbsolutePath().normalize(), projectDir);
      merged = document.mergedOver(merged);
    }
    String name = merged.hasNonNull("name") ? merged.get("name").asText() : null;
    merged.remove("name");
    List<String> profiles = request.profiles().isEmpty()
        ? lookup.apply("COMPOSE_PROFILES").map(p -> List.of(p.split(","))).orElse(List.of())
        : request.profiles();
    Profiles.apply(merged, profiles.stream().map(String::strip).filter(p -> !p.isEmpty()).toList());
    EnvFiles.inline(merged, files, lookup, warnings);
    return new Result(merged, name, warnings.list(), lookup);
  }

  /** The CLI's environment first, then the {@code --env-file}s (or {@code .env}), as Compose looks variables up. */
  private static Function<String, Optional<String>> variables(Request request, Path projectDir, FileReader files,
      Warnings warnings) {
    Map<String, String> environment = request.environment();
    Map<String, String> fromFiles = new LinkedHashMap<>();
    Function<String, Optional<String>> lookup = name -> Optional.ofNullable(environment.get(name))
        .or(() -> Optional.ofNullable(fromFiles.get(name)));
    if (request.envFiles().isEmpty()) {
      Path dotEnv = projectDir.resolve(".env");
      files.read(dotEnv).ifPresent(content -> fromFiles.putAll(DotEnv.parse(dotEnv.toString(), content, lookup,
          warnings)));
    }
    for (Path envFile : request.envFiles()) {
      String content = files.read(envFile).orElseThrow(() ->
          new ComposeException("--env-file " + envFile, "no such file"));
      fromFiles.putAll(DotEnv.parse(envFile.toString(), content, lookup, warnings));
    }
    return lookup;
  }

  /** One file loaded, with the pointers of its {@code !reset}/{@code !override} values. */
  record Document(ObjectNode root, Map<String, String> tags) {
    /** This file as an override of {@code base} (of nothing, when null). */
    ObjectNode mergedOver(ObjectNode base) {
      if (base == null) {
        Tags.resetAlone(root, tags);
        return root;
      }
      return Tags.merge(base, root, tags, Merge::files);
    }
  }

  /** Reads one file at a time: interpolated, paths resolved, includes added, extends applied. */
  static final class FileLoader {
    private final FileReader files;
    private final Interpolation interpolation;
    private final Function<String, Optional<String>> lookup;
    private final Warnings warnings;
    private final List<Path> loading;

    FileLoader(FileReader files, Interpolation interpolation, Function<String, Optional<String>> lookup,
        Warnings warnings) {
      this.files = files;
      this.interpolation = interpolation;
      this.lookup = lookup;
      this.warnings = warnings;
      this.loading = new ArrayList<>();
    }

    private FileLoader(FileLoader parent, Function<String, Optional<String>> lookup) {
      this.files = parent.files;
      this.lookup = lookup;
      this.warnings = parent.warnings;
      this.interpolation = new Interpolation(lookup, parent.warnings);
      this.loading = parent.loading;
    }

    /**
     * The loader of an included project: its variables are this project's, then those of its env files
     * ({@code env_file} of the include, else the {@code .env} of its directory), as Compose reads them.
     */
    FileLoader included(List<Path> envFiles, Path projectDir, String where) {
      Map<String, String> more = new LinkedHashMap<>();
      Function<String, Optional<String>> chained = name -> lookup.apply(name)
          .or(() -> Optional.ofNullable(more.get(name)));
      List<Path> sources = envFiles.isEmpty() ? List.of(projectDir.resolve(".env")) : envFiles;
      for (Path source : sources) {
        Optional<String> content = files.read(source);
        if (content.isEmpty() && !envFiles.isEmpty()) {
          throw new ComposeException(where + ".env_file", "cannot read env file " + source);
        }
        content.ifPresent(text -> more.putAll(DotEnv.parse(source.toString(), text, chained, warnings)));
      }
      return new FileLoader(this, chained);
    }

    /** {@code file} with relative paths resolved against {@code baseDir}. */
    Document load(Path file, Path baseDir) {
      if (loading.contains(file)) {
        throw new ComposeException(file.toString(), "includes or extends a service of a file that is loading it: "
            + loading);
      }
      loading.add(file);
      try {
        String content = files.read(file).orElseThrow(() -> new ComposeException(file.toString(), "no such file"));
        YamlTree.Tagged tagged = YamlTree.readTagged(file.toString(), content);
        JsonNode tree = tagged.tree();
        if (!tree.isObject()) {
          throw new ComposeException(file.toString(), "must be a mapping with a services key");
        }
        ObjectNode root = (ObjectNode) interpolation.tree(tree, "");
        RelativePaths.resolve(root, baseDir, lookup, warnings);
        Includes.apply(root, file, this);
        Extends.apply(root, file, this, tagged.tags());
        return new Document(root, tagged.tags());
      } finally {
        loading.remove(loading.size() - 1);
      }
    }
  }
}
