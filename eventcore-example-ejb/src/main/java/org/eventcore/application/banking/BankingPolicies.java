package org.eventcore.application.banking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eventcore.domain.banking.TransferLimit;

/** The bank's policies, from MicroProfile Config, for the banking handlers to inject. */
@ApplicationScoped
public class BankingPolicies {

  /**
   * {@code banking.transfer-limit}: the largest amount one transfer may move, in minor units
   * (default 100,000,000: one million in a currency with cents). Dependent: a record cannot be
   * proxied, and the handlers that inject it are application-scoped anyway.
   */
  @Produces
  TransferLimit transferLimit(
      @ConfigProperty(name = "banking.transfer-limit", defaultValue = "100000000") long maximum) {
    return TransferLimit.of(maximum);
  }
}
