package org.eventcore.it.handlers.broken;

import jakarta.enterprise.context.ApplicationScoped;
import org.eventcore.api.command.CommandContext;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.RecordedEvent;

/** One of the two handlers of {@link Twice}. */
@ApplicationScoped
public class TwiceHandlerOne implements CommandHandler<Twice, String, Object> {
  @Override
  public String initialState() {
    return "";
  }

  @Override
  public String apply(String state, RecordedEvent<Object> event) {
    return state;
  }

  @Override
  public void handle(Twice command, String state, CommandContext<Object> context) {}
}
