package org.eventcore.interfaces.rest.security;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Closed by default: every JAX-RS resource method of a WAR that carries {@code eventcore-web} must
 * say who may call it, or nobody may.
 *
 * <p>The rule is the method's {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll}, else
 * its class's; a method with none of them is denied to everyone (403 for an authenticated caller,
 * 401 otherwise), so an endpoint added without a rule is never open by accident. A caller without a
 * valid bearer token gets 401 with {@code WWW-Authenticate: Bearer}; one without an allowed role
 * 403; both as {@code application/problem+json} (code {@code CE005}), before anything runs.
 *
 * <p>Authentication itself is the server's MicroProfile JWT support: the WAR's JAX-RS {@code
 * Application} carries {@code @LoginConfig(authMethod = "MP-JWT")}, and the server verifies the
 * token's signature, expiry, issuer and audience ({@code mp.jwt.verify.*}). A WAR without it has no
 * authenticated callers, so its protected endpoints answer 401 — failing closed.
 */
@Provider
// just before the server's own role filter, where there is one (Payara's Jersey checks
// @RolesAllowed
// itself when MicroProfile JWT is on): a refused caller gets this filter's CE005 problem, not the
// generic 401/403 of the server's exception
@Priority(Priorities.AUTHORIZATION - 1)
public class AccessControlFilter implements ContainerRequestFilter {

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return; // no resource matched: JAX-RS answers 404/405 itself, nothing runs
    }
    Rule rule = rule(method).or(() -> rule(resource.getResourceClass())).orElse(Rule.NONE);
    if (rule == Rule.PERMIT_ALL) {
      return;
    }
    SecurityContext security = request.getSecurityContext();
    boolean authenticated = security != null && security.getUserPrincipal() != null;
    if (!authenticated) {
      request.abortWith(SecurityProblems.unauthenticated());
      return;
    }
    if (rule == Rule.ROLES && Arrays.stream(rolesOf(method)).anyMatch(security::isUserInRole)) {
      return;
    }
    request.abortWith(
        SecurityProblems.forbidden(
            rule == Rule.ROLES
                ? "This operation needs one of the roles " + String.join(", ", rolesOf(method))
                : "This operation is not open to any caller"));
  }

  private String[] rolesOf(Method method) {
    RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
    return onMethod != null
        ? onMethod.value()
        : resource.getResourceClass().getAnnotation(RolesAllowed.class).value();
  }

  private static Optional<Rule> rule(AnnotatedElement element) {
    if (element == null) {
      return Optional.empty();
    }
    if (element.isAnnotationPresent(DenyAll.class)) {
      return Optional.of(Rule.NONE);
    }
    if (element.isAnnotationPresent(PermitAll.class)) {
      return Optional.of(Rule.PERMIT_ALL);
    }
    if (element.isAnnotationPresent(RolesAllowed.class)) {
      return Optional.of(Rule.ROLES);
    }
    return Optional.empty();
  }

  private enum Rule {
    PERMIT_ALL,
    ROLES,
    NONE
  }
}
