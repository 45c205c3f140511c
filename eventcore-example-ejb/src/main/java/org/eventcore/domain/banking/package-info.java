/**
 * Banking, the book's first example. An account is a stream ({@code account-<id>}); money is an
 * integer amount of minor units (cents), never a floating-point number. A transfer is one command
 * over two account streams: debit and credit are written atomically, or not at all, and a
 * concurrent change to either account makes the executor retry it with fresh balances.
 */
package org.eventcore.domain.banking;
