/** Housekeeping of the idempotency keys of commands and raw appends. */
package org.eventcore.infrastructure.idempotency;
