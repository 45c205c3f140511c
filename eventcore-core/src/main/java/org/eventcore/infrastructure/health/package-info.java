/**
 * MicroProfile Health checks. They live in this library jar because WildFly only registers health
 * checks found in a bean archive in the EAR's {@code lib/} (ADR 0001).
 */
package org.eventcore.infrastructure.health;
