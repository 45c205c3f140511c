/**
 * CDI plumbing: the portable extension that finds and checks command handler beans at deployment,
 * and the lookup of those beans for the command executor.
 */
package org.eventcore.infrastructure.cdi;
