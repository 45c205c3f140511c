package org.eventcore.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in the global feed, after which a reader continues. Clients treat it as an opaque
 * string ({@link #encode()}, {@link #parse(String)}); the store orders the feed by the pair of the
 * writing transaction and the event's position within the store.
 *
 * @param transaction the order of the transaction that wrote the last delivered event
 * @param position the global position of the last delivered event
 */
public record FeedCursor(long transaction, long position) implements Comparable<FeedCursor> {

  /** Before the first event. */
  public static final FeedCursor START = new FeedCursor(0, 0);

  private static final String PREFIX = "ec1:";

  public FeedCursor {
    if (transaction < 0 || position < 0) {
      throw new IllegalArgumentException("A feed cursor is never negative");
    }
  }

  /** The opaque text form handed to clients. */
  public String encode() {
    String plain = PREFIX + transaction + ":" + position;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses the text form of {@link #encode()}.
   *
   * @throws IllegalArgumentException with a message fit for a client when the text is not a cursor
   */
  public static FeedCursor parse(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
      if (!plain.startsWith(PREFIX)) {
        throw new IllegalArgumentException();
      }
      String[] parts = plain.substring(PREFIX.length()).split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return new FeedCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Not a feed cursor: " + text);
    }
  }

  @Override
  public int compareTo(FeedCursor other) {
    int byTransaction = Long.compare(transaction, other.transaction);
    return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
  }

  @Override
  public String toString() {
    return encode();
  }
}
