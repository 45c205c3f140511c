package org.eventcore.it.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.eventcore.api.EventId;
import org.eventcore.api.EventMetadata;
import org.eventcore.api.EventStore;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.NewEvent;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamWrite;
import org.eventcore.api.command.EventCodec;
import org.eventcore.application.command.EventCodecs;
import org.eventcore.it.handlers.LedgerEvent.Credited;

/**
 * A concurrent writer: appends a credit straight to the store, committed in a transaction of its
 * own, while a command's attempt is deciding — so that attempt's append meets a conflict.
 */
@ApplicationScoped
public class Interference {

  @Inject EventStore store;
  @Inject EventCodecs codecs;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void creditConcurrently(StreamId account, long amount) {
    EventCodec<LedgerEvent> codec = codecs.codecFor(LedgerEvent.class);
    LedgerEvent event = new Credited(account.value(), amount, "concurrently");
    store.append(
        List.of(
            new StreamWrite(
                account,
                ExpectedVersion.any(),
                List.of(
                    new NewEvent(
                        EventId.generate(),
                        codec.typeName(event),
                        1,
                        codec.encode(event),
                        EventMetadata.EMPTY)))));
  }
}
