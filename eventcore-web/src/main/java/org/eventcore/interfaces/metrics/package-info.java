/**
 * The Prometheus endpoint {@code /metrics}. WildFly 39 ships no MicroProfile Metrics, so the EAR
 * bundles SmallRye Metrics and this servlet serves its registries (ADR 0001).
 */
package org.eventcore.interfaces.metrics;
