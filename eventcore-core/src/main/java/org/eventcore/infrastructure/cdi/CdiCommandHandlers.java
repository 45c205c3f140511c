package org.eventcore.infrastructure.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.HandledCommand;
import org.eventcore.application.command.CommandHandlers;
import org.eventcore.infrastructure.cdi.CommandHandlerExtension.Registration;

/**
 * The handler beans {@link CommandHandlerExtension} found, looked up once per command type. The
 * reference is taken from the handler's {@link Bean} itself, so a handler in a WAR or an EJB jar is
 * found from EventCore's library jar, which cannot see those modules' classes. A {@code Dependent}
 * handler is therefore created once and lives as long as the application.
 */
@ApplicationScoped
public class CdiCommandHandlers implements CommandHandlers {

  @Inject CommandHandlerExtension extension;
  @Inject BeanManager beanManager;

  private final Map<Class<?>, CommandHandler<?, ?, ?>> references = new ConcurrentHashMap<>();

  @Override
  public Command<?, ?> bind(Object command) {
    if (command instanceof Command<?, ?> selfHandling) {
      return selfHandling;
    }
    Registration registration =
        extension
            .handlerOf(command.getClass())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        command.getClass().getName()
                            + " is not a command: it neither implements Command nor has a"
                            + " CommandHandler bean"));
    CommandHandler<?, ?, ?> handler =
        references.computeIfAbsent(command.getClass(), type -> reference(registration));
    return bound(command, handler, registration);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Command<?, ?> bound(
      Object command, CommandHandler<?, ?, ?> handler, Registration registration) {
    return HandledCommand.of(command, (CommandHandler) handler, registration.types());
  }

  private CommandHandler<?, ?, ?> reference(Registration registration) {
    Bean<?> bean = registration.bean();
    return (CommandHandler<?, ?, ?>)
        beanManager.getReference(
            bean, handlerType(bean), beanManager.createCreationalContext(bean));
  }

  private static Type handlerType(Bean<?> bean) {
    for (Type type : bean.getTypes()) {
      if (type instanceof ParameterizedType parameterized
          && parameterized.getRawType() == CommandHandler.class) {
        return type;
      }
    }
    return bean.getBeanClass();
  }
}
