package org.eventcore.api.command;

import org.eventcore.api.StreamId;

/** A domain identity that names its event stream, e.g. {@code AccountId} → {@code account-42}. */
public interface StreamIdentity {
  StreamId streamId();
}
