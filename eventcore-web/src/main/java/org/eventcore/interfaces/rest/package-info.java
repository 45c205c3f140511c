/**
 * The public HTTP API, version 1, under {@code /api/v1}. Every error is an {@code
 * application/problem+json} document (RFC 9457) with a stable {@code code}; see {@code problem}.
 */
package org.eventcore.interfaces.rest;
