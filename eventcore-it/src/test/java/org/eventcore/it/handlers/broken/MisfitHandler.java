package org.eventcore.it.handlers.broken;

import jakarta.enterprise.context.ApplicationScoped;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.RecordedEvent;

/** Claims to handle an interface: no command can be of that type alone. */
@ApplicationScoped
public class MisfitHandler implements CommandHandler<Runnable, String, Object> {
  @Override
  public String initialState() {
    return "";
  }

  @Override
  public String apply(String state, RecordedEvent<Object> event) {
    return state;
  }

  @Override
  public void handle(Runnable command, String state, CommandContext<Object> context) {}
}
