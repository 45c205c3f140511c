package org.eventcore.domain.banking;

import java.util.Objects;
import org.eventcore.api.StreamId;
import org.eventcore.api.command.StreamIdentity;

/** An account's identity; its events live in the stream {@code account-<value>}. */
public record AccountId(String value) implements StreamIdentity {

  public AccountId {
    Objects.requireNonNull(value, "accountId");
    if (value.isBlank() || value.length() > 200) {
      throw new IllegalArgumentException("An account id has 1 to 200 characters");
    }
    StreamId.of("account-" + value); // same rules as stream ids
  }

  public static AccountId of(String value) {
    return new AccountId(value);
  }

  @Override
  public StreamId streamId() {
    return StreamId.of("account-" + value);
  }

  @Override
  public String toString() {
    return value;
  }
}
