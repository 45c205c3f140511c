package org.eventcore.domain.banking;

import org.eventcore.api.command.Command;
import org.eventcore.api.command.RecordedEvent;

/** A command on one account: its state is that account, folded from its stream. */
interface AccountCommand extends Command<Account, BankingEvent> {

  @Override
  default Class<BankingEvent> eventType() {
    return BankingEvent.class;
  }

  @Override
  default Account initialState() {
    return Account.NONE;
  }

  @Override
  default Account apply(Account state, RecordedEvent<BankingEvent> event) {
    return state.apply(event.event());
  }
}
