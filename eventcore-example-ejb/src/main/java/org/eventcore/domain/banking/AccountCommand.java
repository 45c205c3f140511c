package org.eventcore.domain.banking;

import org.eventcore.api.command.Command;
import org.eventcore.api.command.RecordedEvent;
import org.eventcore.api.command.StateReuse;

/**
 * A command on one account: its state is that account, folded from its stream. Every account
 * command shares this fold, so they share cached states and snapshots of an account (ADR 0005).
 */
interface AccountCommand extends Command<Account, BankingEvent> {

  @Override
  default StateReuse stateReuse() {
    return StateReuse.as("banking.account", 1);
  }

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
