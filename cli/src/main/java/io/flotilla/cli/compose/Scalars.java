package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Scalars written without quotes keep that in the resolved document: a plain {@code 2} or {@code true} is
 * printed plain again (after interpolation too, as {@code replicas: ${N:-2}}), so that {@code stack config}'s
 * output means to Docker what the file meant; a quoted {@code "3.8"} stays quoted. The manager reads every
 * scalar as its text either way.
 */
final class Scalars {
  private static final Pattern WHOLE = Pattern.compile("0|-?[1-9][0-9]{0,17}");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]+");

  private Scalars() {}

  /** Text that was written plain, not (yet) a number or a boolean. */
  static final class PlainText extends TextNode {
    PlainText(String text) {
      super(text);
    }
  }

  /** A plain scalar's node: a number or boolean when its text is one, else text that remembers it was plain. */
  static JsonNode plain(String text) {
    if (WHOLE.matcher(text).matches()) {
      return LongNode.valueOf(Long.parseLong(text));
    }
    if (DECIMAL.matcher(text).matches()) {
      return DecimalNode.valueOf(new BigDecimal(text));
    }
    if (text.equals("true") || text.equals("false")) {
      return BooleanNode.valueOf(text.equals("true"));
    }
    return new PlainText(text);
  }
}
