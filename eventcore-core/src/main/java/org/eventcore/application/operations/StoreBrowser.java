package org.eventcore.application.operations;

import java.util.List;
import java.util.Optional;
import org.eventcore.api.FeedCursor;
import org.eventcore.api.StoredEvent;
import org.eventcore.api.StreamVersion;

/**
 * Browsing the store for an operator: streams by prefix, the events linked to an id, the end of the
 * feed. Read-only; each call is one short query that stays bounded however large the store grows.
 */
public interface StoreBrowser {

  /** A stream and its current version. */
  record StreamHead(String streamId, StreamVersion version) {}

  /**
   * Streams whose id starts with {@code prefix}, in stream-id order, after {@code after}
   * (exclusive, empty for the first page), at most {@code limit} of them. The empty prefix matches
   * every stream.
   */
  List<StreamHead> streamsByPrefix(String prefix, Optional<String> after, int limit);

  /**
   * The events linked to {@code id}, in feed position order: the event whose id it is (anywhere in
   * the store), and, among the events of the last {@code window} global positions (at most that
   * many events: positions may have gaps), those whose correlation id or causation id it is. At
   * most {@code limit} events.
   */
  List<StoredEvent> linkedTo(String id, long window, int limit);

  /**
   * The cursor after the last event a feed reader can see now: a subscription from it receives only
   * events committed later. {@link FeedCursor#START} for an empty store.
   */
  FeedCursor feedEnd();
}
