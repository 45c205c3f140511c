package org.eventcore.interfaces.rest.security;

import jakarta.ws.rs.core.Response;
import org.eventcore.api.ErrorCode;
import org.eventcore.interfaces.rest.problem.Problem;

/** The problem documents of authentication, authorisation and rate limiting. */
public final class SecurityProblems {

  /** The challenge of every 401 (RFC 6750). */
  public static final String BEARER_CHALLENGE = "Bearer realm=\"eventcore\"";

  private SecurityProblems() {}

  /** 401: no valid bearer token. */
  public static Response unauthenticated() {
    return Response.fromResponse(
            Problem.response(
                401,
                "unauthenticated",
                ErrorCode.CE005.name(),
                "Authentication required",
                "Send a valid bearer token: Authorization: Bearer <JWT>"))
        .header("WWW-Authenticate", BEARER_CHALLENGE)
        .build();
  }

  /** 403: authenticated, but without a role that may do this. */
  public static Response forbidden(String detail) {
    return Problem.response(403, "forbidden", ErrorCode.CE005.name(), "Forbidden", detail);
  }
}
