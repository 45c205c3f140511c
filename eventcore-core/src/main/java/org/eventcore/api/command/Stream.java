package org.eventcore.api.command;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of a command as part of its consistency boundary (EventCore's {@code
 * #[stream]}): the stream is read before the decision, checked at the append, and may be written.
 *
 * <p>The component's type is a {@link org.eventcore.api.StreamId}, a value with a {@code
 * streamId()} method (such as an {@code AccountId}), or a collection of either.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface Stream {}
