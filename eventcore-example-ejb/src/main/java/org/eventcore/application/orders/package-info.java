/** Queries of the order example, answered from the order and inventory streams. */
package org.eventcore.application.orders;
