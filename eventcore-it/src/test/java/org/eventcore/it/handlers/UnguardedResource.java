package org.eventcore.it.handlers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * A resource whose author forgot to say who may call it: eventcore-web's access control refuses it
 * to everyone (closed by default).
 */
@Path("/unguarded")
public class UnguardedResource {

  @GET
  public String open() {
    return "this must never be answered";
  }
}
