/**
 * The in-server harness, packaged at run time into the bench-only WAR {@code eventcore-bench.war}
 * (context root {@code /bench}) that the runner adds to a copy of the built EAR. It runs a library
 * workload on N threads inside WildFly, against the production beans ({@code CommandExecutor}, the
 * JTA transaction boundary {@code TransactionalSteps}, {@code JpaEventStore}, {@code
 * ProjectionProcessor}), and answers the measurement as JSON. Never part of the production EAR.
 */
package org.eventcore.bench.server;
