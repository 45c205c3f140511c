/** The banking example over HTTP: accounts, deposits, withdrawals, transfers. */
package org.eventcore.interfaces.rest.banking;
