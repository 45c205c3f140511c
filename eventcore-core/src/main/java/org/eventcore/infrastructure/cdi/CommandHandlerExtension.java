package org.eventcore.infrastructure.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.eventcore.api.command.Command;
import org.eventcore.api.command.CommandHandler;
import org.eventcore.api.command.CommandHandlerTypes;
import org.eventcore.api.command.Stream;

/**
 * Finds the command handlers of the deployment and checks them before the first request (a CDI
 * portable extension, registered in {@code META-INF/services}):
 *
 * <ul>
 *   <li>every managed bean that implements {@link CommandHandler} is read with {@link
 *       CommandHandlerTypes#of}: a handler whose types do not fit is a problem;
 *   <li>two handlers of one command type are a problem;
 *   <li>a command record — a record with {@link Stream} components that is not a {@link Command} —
 *       without a handler is a problem. Records are only seen in bean archives whose discovery mode
 *       is {@code all} (in {@code annotated} archives CDI shows the extension beans only).
 * </ul>
 *
 * All problems are reported together as one definition error once every bean has been discovered
 * ({@code AfterBeanDiscovery}), so the deployment fails with one message that names every class
 * involved — and fails before other extensions start work for it at {@code
 * AfterDeploymentValidation} (WildFly's health extension registers the deployment's checks there,
 * and does not remove them when the deployment fails later).
 */
public class CommandHandlerExtension implements Extension {

  private static final Logger LOG = Logger.getLogger(CommandHandlerExtension.class.getName());

  /** A handler bean and what it handles. */
  public record Registration(Bean<?> bean, CommandHandlerTypes types) {}

  private final Map<Class<?>, List<Registration>> handlers = new LinkedHashMap<>();
  private final Set<Class<?>> commandRecords = new TreeSet<>(Comparator.comparing(Class::getName));
  private final List<String> problems = new ArrayList<>();
  private volatile Map<Class<?>, Registration> validated = Map.of();

  <T> void commandRecord(@Observes @WithAnnotations(Stream.class) ProcessAnnotatedType<T> type) {
    Class<T> javaClass = type.getAnnotatedType().getJavaClass();
    if (CommandHandlerTypes.declaresStreams(javaClass)
        && !Command.class.isAssignableFrom(javaClass)) {
      synchronized (this) {
        commandRecords.add(javaClass);
      }
    }
  }

  <T> void handler(@Observes ProcessManagedBean<T> event) {
    Bean<T> bean = event.getBean();
    Class<?> beanClass = bean.getBeanClass();
    if (!CommandHandler.class.isAssignableFrom(beanClass)) {
      return;
    }
    try {
      CommandHandlerTypes types = CommandHandlerTypes.of(beanClass);
      synchronized (this) {
        handlers
            .computeIfAbsent(types.commandType(), t -> new ArrayList<>())
            .add(new Registration(bean, types));
      }
    } catch (IllegalArgumentException misfit) {
      synchronized (this) {
        problems.add(misfit.getMessage());
      }
    }
  }

  synchronized void validate(@Observes AfterBeanDiscovery discovery) {
    List<String> found = new ArrayList<>(problems);
    Map<Class<?>, Registration> unique = new LinkedHashMap<>();
    handlers.forEach(
        (command, registrations) -> {
          if (registrations.size() > 1) {
            found.add(
                command.getName()
                    + " has "
                    + registrations.size()
                    + " handlers: "
                    + String.join(
                        ", ",
                        registrations.stream()
                            .map(r -> r.types().handlerClass().getName())
                            .sorted()
                            .toList())
                    + "; a command type has exactly one");
          } else {
            unique.put(command, registrations.get(0));
          }
        });
    for (Class<?> command : commandRecords) {
      if (!handlers.containsKey(command)) {
        found.add(
            command.getName()
                + " declares @Stream components but has no handler: add a bean implementing"
                + " CommandHandler<"
                + command.getSimpleName()
                + ", S, E>, or let the record implement Command");
      }
    }
    if (!found.isEmpty()) {
      discovery.addDefinitionError(
          new DefinitionException(
              "EventCore command handlers: "
                  + found.size()
                  + " problem"
                  + (found.size() == 1 ? "" : "s")
                  + "\n  - "
                  + String.join("\n  - ", found)));
      return;
    }
    validated = Map.copyOf(unique);
    LOG.info(
        () ->
            "EventCore command handlers: "
                + unique.size()
                + (unique.isEmpty()
                    ? ""
                    : " ("
                        + String.join(
                            ", ",
                            unique.values().stream()
                                .map(
                                    r ->
                                        r.types().commandType().getSimpleName()
                                            + " → "
                                            + r.types().handlerClass().getSimpleName())
                                .sorted()
                                .toList())
                        + ")"));
  }

  /** The handler of {@code commandType}, once the deployment has been validated. */
  public Optional<Registration> handlerOf(Class<?> commandType) {
    return Optional.ofNullable(validated.get(commandType));
  }
}
