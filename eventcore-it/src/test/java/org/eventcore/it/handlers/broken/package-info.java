/**
 * Command handlers that must not deploy: a command record without a handler, a command with two
 * handlers, and a handler whose command type is not a class ({@code CommandHandlerValidationIT}).
 */
package org.eventcore.it.handlers.broken;
