package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as Compose writes them: a number with an optional unit b, k, m, g, t or p (powers
 * of 1024), in either case, optionally followed by b or ib: "512M", "1g", "100mb", "1.5GiB".
 * A bare number is bytes.
 */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgtp";

  private ByteSize() {}

  static long parse(String field, String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidSpecException(field, "expected a size such as 512M or 1G, got '" + text + "'");
    }
    int power = m.group(2) == null ? 0 : UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new InvalidSpecException(field, "is too large: " + text);
    }
    return bytes.longValue();
  }
}
