/**
 * The Prometheus endpoint {@code /metrics}. WildFly 39 ships no MicroProfile Metrics, so the
 * WildFly EAR bundles SmallRye Metrics and this servlet serves its registries (ADR 0001); Payara
 * serves {@code /metrics} itself and the servlet is not mapped there (ADR 0011).
 */
package org.eventcore.interfaces.metrics;
