package org.eventcore.api.command;

import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CommandHandler} class works with: its command, state and event types, read from the
 * type arguments it gives {@code CommandHandler<C, S, E>} (directly or through superclasses and
 * superinterfaces).
 *
 * @param handlerClass the handler's class (not a container proxy)
 * @param commandType {@code C}, a concrete class (usually a record)
 * @param stateType the raw class of {@code S}
 * @param eventType the raw class of {@code E}
 */
public record CommandHandlerTypes(
    Class<?> handlerClass, Class<?> commandType, Class<?> stateType, Class<?> eventType) {

  public CommandHandlerTypes {
    Objects.requireNonNull(handlerClass, "handlerClass");
    Objects.requireNonNull(commandType, "commandType");
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(eventType, "eventType");
  }

  /**
   * Reads the types of {@code handlerClass} and checks that they fit together.
   *
   * @throws IllegalArgumentException naming the handler and the reason when it does not implement
   *     {@link CommandHandler} with concrete types, when its command type is not a concrete class,
   *     handles itself ({@link Command}), or declares no {@link Stream} component while the handler
   *     does not override {@link CommandHandler#streams}
   */
  public static CommandHandlerTypes of(Class<?> handlerClass) {
    String handler = handlerClass.getName();
    Type[] arguments =
        typeArguments(handlerClass, CommandHandler.class, new HashMap<>())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        handler + " does not implement " + CommandHandler.class.getName()));
    Class<?>[] raw = new Class<?>[3];
    String[] names = {"command", "state", "event"};
    for (int i = 0; i < 3; i++) {
      raw[i] = rawClass(arguments[i]);
      if (raw[i] == null) {
        throw new IllegalArgumentException(
            handler
                + " does not name its "
                + names[i]
                + " type: it implements CommandHandler<"
                + arguments[0].getTypeName()
                + ", "
                + arguments[1].getTypeName()
                + ", "
                + arguments[2].getTypeName()
                + ">; give CommandHandler<YourCommand, YourState, YourEvent> concrete types");
      }
    }
    Class<?> command = raw[0];
    if (command.isInterface()
        || Modifier.isAbstract(command.getModifiers())
        || command.isPrimitive()
        || command.isArray()) {
      throw new IllegalArgumentException(
          handler
              + " handles "
              + command.getName()
              + ", which is not a concrete class: a command type is a record");
    }
    if (Command.class.isAssignableFrom(command)) {
      throw new IllegalArgumentException(
          handler
              + " handles "
              + command.getName()
              + ", which handles itself (it implements "
              + Command.class.getName()
              + "): keep one of the two");
    }
    if (!declaresStreams(command) && !overridesStreams(handlerClass)) {
      throw new IllegalArgumentException(
          handler
              + " handles "
              + command.getName()
              + ", which declares no stream: mark record components with @Stream or override"
              + " streams(command) in the handler");
    }
    return new CommandHandlerTypes(handlerClass, command, raw[1], raw[2]);
  }

  /** Whether {@code type} is a record with at least one {@link Stream} component. */
  public static boolean declaresStreams(Class<?> type) {
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(Stream.class)) {
        return true;
      }
    }
    return false;
  }

  private static boolean overridesStreams(Class<?> handlerClass) {
    for (Class<?> type = handlerClass; type != null; type = type.getSuperclass()) {
      for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
        if (method.getName().equals("streams")
            && method.getParameterCount() == 1
            && List.class.isAssignableFrom(method.getReturnType())
            && !method.isBridge()) {
          return true;
        }
      }
    }
    return false;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null; // a type variable or a wildcard: not concrete
  }

  /**
   * The type arguments {@code type} gives {@code generic}, with the type variables of the classes
   * in between replaced by what their subclasses bound them to.
   */
  private static Optional<Type[]> typeArguments(
      Type type, Class<?> generic, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof Class<?> c) {
      raw = c;
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      raw = c;
      TypeVariable<?>[] variables = c.getTypeParameters();
      Type[] actual = p.getActualTypeArguments();
      Map<TypeVariable<?>, Type> bound = new HashMap<>(bindings);
      for (int i = 0; i < variables.length; i++) {
        bound.put(variables[i], resolve(actual[i], bindings));
      }
      bindings = bound;
    } else {
      return Optional.empty();
    }
    if (raw == generic) {
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] resolved = new Type[variables.length];
      for (int i = 0; i < variables.length; i++) {
        resolved[i] = bindings.getOrDefault(variables[i], variables[i]);
      }
      return Optional.of(resolved);
    }
    if (!generic.isAssignableFrom(raw)) {
      return Optional.empty();
    }
    for (Type parent : raw.getGenericInterfaces()) {
      Optional<Type[]> found = typeArguments(parent, generic, bindings);
      if (found.isPresent()) {
        return found;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? Optional.empty() : typeArguments(superclass, generic, bindings);
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    return type instanceof TypeVariable<?> variable ? bindings.getOrDefault(variable, type) : type;
  }
}
