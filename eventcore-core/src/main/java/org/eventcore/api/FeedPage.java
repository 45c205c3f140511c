package org.eventcore.api;

import java.util.List;
import java.util.Objects;

/**
 * One page of the global feed.
 *
 * @param events the events after the requested cursor, in feed order
 * @param cursors the cursor of each event (to resume right after it), same size as {@code events}
 * @param next the cursor to continue after this page (the requested one when the page is empty)
 */
public record FeedPage(List<StoredEvent> events, List<FeedCursor> cursors, FeedCursor next) {

  public FeedPage {
    events = List.copyOf(events);
    cursors = List.copyOf(cursors);
    Objects.requireNonNull(next, "next");
    if (events.size() != cursors.size()) {
      throw new IllegalArgumentException("one cursor per event");
    }
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }
}
