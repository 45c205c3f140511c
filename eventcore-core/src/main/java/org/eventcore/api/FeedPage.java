package org.eventcore.api;

import java.util.List;
import java.util.Objects;

/**
 * One page of the global feed.
 *
 * @param events the events after the requested cursor, in feed order
 * @param next the cursor to continue after this page (the requested one when the page is empty)
 */
public record FeedPage(List<StoredEvent> events, FeedCursor next) {

  public FeedPage {
    events = List.copyOf(events);
    Objects.requireNonNull(next, "next");
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
