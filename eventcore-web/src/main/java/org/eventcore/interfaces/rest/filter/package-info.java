/** Cross-cutting HTTP concerns of the API: request size limit, request metrics. */
package org.eventcore.interfaces.rest.filter;
