/**
 * The banking example's application services: the handler of {@link
 * org.eventcore.domain.banking.TransferMoney} (a CDI bean with the bank's policies injected), the
 * account balances projection, and the queries answered from its read model.
 */
package org.eventcore.application.banking;
