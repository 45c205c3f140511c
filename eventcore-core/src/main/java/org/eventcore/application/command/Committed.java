package org.eventcore.application.command;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the CDI events EventCore fires for every event a command writes: the domain event
 * itself (typed by its class) and a {@link org.eventcore.api.command.CommittedEvent} with where it
 * landed. They are fired inside the attempt's transaction, so observe them after the commit:
 *
 * <pre>{@code
 * void onDeposit(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Committed MoneyDeposited e) {…}
 *
 * void onAny(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Committed CommittedEvent e) {…}
 * }</pre>
 *
 * An {@code AFTER_SUCCESS} observer sees each event once, after its transaction committed, and
 * never an event of an attempt that rolled back (a conflict that was retried, a rejection, a
 * caller's transaction that failed). An observer without a transaction phase is called at once,
 * inside the transaction, before it is known whether it commits.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface Committed {}
