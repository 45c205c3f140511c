package org.eventcore.it.closed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eventcore.interfaces.rest.security.Roles;

/**
 * A user's resource: one method with a rule, and one whose author forgot to say who may call it,
 * which eventcore-web's access control refuses to everyone.
 */
@Path("/")
public class UsersResource {

  @GET
  @Path("/guarded")
  @RolesAllowed(Roles.READER)
  public String guarded() {
    return "guarded answer";
  }

  @GET
  @Path("/unguarded")
  public String unguarded() {
    return "this must never be answered";
  }
}
