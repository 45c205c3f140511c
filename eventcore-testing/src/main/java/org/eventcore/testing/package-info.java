/**
 * Support for testing applications built on EventCore: {@link
 * org.eventcore.testing.ChaosEventStore} injects failures, conflicts and latency into any store.
 */
package org.eventcore.testing;
