/**
 * How request bodies become Java: JSON-B binds them to small request records (kept next to their
 * resource), Bean Validation checks them ({@code @Valid}), and this package holds what the
 * standards leave open — the JSON-B configuration (unknown members refused, JSON types kept strict)
 * and the translation of a body that cannot be read into a 400 problem instead of a 500.
 */
package org.eventcore.interfaces.rest.binding;
