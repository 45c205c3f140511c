/** The order-fulfilment example over HTTP: restocks, orders, fulfilment. */
package org.eventcore.interfaces.rest.orders;
