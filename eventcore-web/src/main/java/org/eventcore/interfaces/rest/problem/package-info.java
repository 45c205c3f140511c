/**
 * Errors as {@code application/problem+json} (RFC 9457): one mapper per error family, each problem
 * with a stable {@code type} URI and {@code code}. No stack trace or SQL ever reaches a client.
 */
package org.eventcore.interfaces.rest.problem;
