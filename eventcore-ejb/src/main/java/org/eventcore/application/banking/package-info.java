/** Queries of the banking example, answered from the account streams themselves. */
package org.eventcore.application.banking;
