/** The access log: one JSON line per HTTP request, with its correlation id (ADR 0015). */
package org.eventcore.interfaces.rest.logging;
