package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into a tree whose scalars keep the text as written: Compose reads values by what their key
 * expects, so {@code 1.10} stays "1.10" and {@code yes} stays "yes" in an environment; plain scalars are
 * marked as such ({@link Scalars}). Aliases are resolved and merge keys ({@code <<: *defaults}) applied; a
 * key that appears twice in a mapping is an error. Problems name the file, with their line and column.
 * (The manager's io.flotilla.gateway.compose.YamlTree reads the same way; the client jar cannot carry the
 * gateway.)
 */
final class YamlTree {
  private YamlTree() {}

  /** The tree, and the JSON pointers of the values tagged {@code !reset} or {@code !override} (Compose's merge tags). */
  record Tagged(JsonNode tree, Map<String, String> tags) {}

  static JsonNode read(String file, String yaml) {
    return readTagged(file, yaml).tree();
  }

  static Tagged readTagged(String file, String yaml) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml == null ? "" : yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ComposeException(file, at(mark) + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
    } catch (YAMLException e) {
      throw new ComposeException(file, e.getMessage());
    }
    if (root == null) {
      throw new ComposeException(file, "is empty; expected a mapping with a services key");
    }
    Converter converter = new Converter(file);
    JsonNode tree = converter.convert(root, "");
    return new Tagged(tree, Collections.unmodifiableMap(converter.tags));
  }

  private static String at(Mark mark) {
    return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
  }

  /** Converts each node once: an alias shares the converted anchor, so repeated aliases cost nothing. */
  private static final class Converter {
    private final String file;

    Converter(String file) {
      this.file = file;
    }

    private final Map<Node, JsonNode> converted = new IdentityHashMap<>();
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, String> tags = new LinkedHashMap<>();

    JsonNode convert(Node node, String pointer) {
      String tag = node.getTag().getValue();
      if (tag.equals(Tags.RESET) || tag.equals(Tags.OVERRIDE)) {
        tags.put(pointer, tag);
      }
      JsonNode done = converted.get(node);
      if (done != null) {
        return done;
      }
      if (!inProgress.add(node)) {
        throw problem(node, "an alias refers to a value that contains it");
      }
      JsonNode result;
      if (node instanceof ScalarNode scalar) {
        result = Tag.NULL.equals(scalar.getTag()) ? NullNode.getInstance()
            : scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? Scalars.plain(scalar.getValue())
            : TextNode.valueOf(scalar.getValue());
      } else if (node instanceof SequenceNode sequence) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          array.add(convert(items.get(i), pointer + "/" + i));
        }
        result = array;
      } else {
        result = mapping((MappingNode) node, pointer);
      }
      inProgress.remove(node);
      converted.put(node, result);
      return result;
    }

    /** Keys written in the mapping win over merged ones; of merged mappings, the first listed wins. */
    private ObjectNode mapping(MappingNode node, String pointer) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      List<JsonNode> merged = new ArrayList<>();
      for (NodeTuple tuple : node.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw problem(tuple.getKeyNode(), "a key must be a plain value, not a list or a mapping");
        }
        if (Tag.MERGE.equals(key.getTag())) {
          merged.addAll(mergeSources(tuple.getValueNode(), pointer));
        } else if (object.has(key.getValue())) {
          throw problem(key, "key '" + key.getValue() + "' appears twice in the same mapping");
        } else {
          object.set(key.getValue(), convert(tuple.getValueNode(),
              pointer + "/" + key.getValue().replace("~", "~0").replace("/", "~1")));
        }
      }
      for (JsonNode source : merged) {
        source.fields().forEachRemaining(e -> {
          if (!object.has(e.getKey())) {
            object.set(e.getKey(), e.getValue());
          }
        });
      }
      return object;
    }

    private List<JsonNode> mergeSources(Node value, String pointer) {
      List<Node> sources = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
      List<JsonNode> mappings = new ArrayList<>();
      for (Node source : sources) {
        JsonNode mapping = convert(source, pointer);
        if (!mapping.isObject()) {
          throw problem(source, "a merge key (<<) takes a mapping or a list of mappings");
        }
        mappings.add(mapping);
      }
      return mappings;
    }

    private ComposeException problem(Node node, String message) {
      return new ComposeException(file, at(node.getStartMark()) + message);
    }
  }
}
