package io.flotilla.model;

import java.util.random.RandomGenerator;

/** Object ids: 25 lower-case base-36 characters, like Swarm's, from the given randomness. */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private Ids() {}

  public static String next(RandomGenerator random) {
    char[] id = new char[25];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /** The short form shown in tables. */
  public static String shortId(String id) {
    return id == null ? "" : id.length() <= 12 ? id : id.substring(0, 12);
  }
}
