package io.flotilla.model;

/**
 * An IPv4 network such as {@code 10.0.1.0/24}: its first address and prefix length. Pure
 * arithmetic on the 32-bit address; used to hand out network subnets and per-node ranges.
 */
public record Ipv4Cidr(int base, int prefix) {

  public Ipv4Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32, got " + prefix);
    }
    if ((base & ~mask(prefix)) != 0) {
      throw new IllegalArgumentException(format(base) + "/" + prefix + " is not a network address; did you mean "
          + format(base & mask(prefix)) + "/" + prefix + "?");
    }
  }

  /** Parses {@code a.b.c.d/n}; the message of the exception says what is wrong. */
  public static Ipv4Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not in CIDR form a.b.c.d/n");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
    }
    return new Ipv4Cidr(parseAddress(text.substring(0, slash)), prefix);
  }

  public static int parseAddress(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
    }
    int address = 0;
    for (String part : parts) {
      int octet;
      try {
        octet = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      if (octet < 0 || octet > 255 || part.length() > 3) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      address = address << 8 | octet;
    }
    return address;
  }

  public static String format(int address) {
    return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  public boolean contains(Ipv4Cidr other) {
    return other.prefix >= prefix && (other.base & mask(prefix)) == base;
  }

  public boolean overlaps(Ipv4Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** The {@code index}-th sub-network of length {@code subPrefix} inside this one. */
  public Ipv4Cidr subnet(int subPrefix, long index) {
    if (subPrefix < prefix || index < 0 || index >= 1L << (subPrefix - prefix)) {
      throw new IllegalArgumentException("no subnet /" + subPrefix + " number " + index + " in " + this);
    }
    return new Ipv4Cidr((int) (base + index * (1L << (32 - subPrefix))), subPrefix);
  }

  /** The address {@code offset} places after the first one, as a.b.c.d. */
  public String address(long offset) {
    if (offset < 0 || offset >= size()) {
      throw new IllegalArgumentException("offset " + offset + " is outside " + this);
    }
    return format((int) (base + offset));
  }

  @Override
  public String toString() {
    return format(base) + "/" + prefix;
  }
}
