package org.eventcore.interfaces.rest.filter;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eventcore.interfaces.rest.problem.Problem;

/**
 * Refuses request bodies over {@code eventcore.http.max-body-bytes} (default 1 MiB) with 413: at
 * once when {@code Content-Length} says so, otherwise as soon as the body being read passes the
 * limit. Nothing is executed for a refused request.
 */
@Provider
@PreMatching
public class RequestSizeLimitFilter implements ContainerRequestFilter {

  static final long DEFAULT_LIMIT = 1024 * 1024;

  private final long limit =
      ConfigProvider.getConfig()
          .getOptionalValue("eventcore.http.max-body-bytes", Long.class)
          .orElse(DEFAULT_LIMIT);

  @Override
  public void filter(ContainerRequestContext request) {
    int declared = request.getLength();
    if (declared > limit) {
      request.abortWith(tooLarge());
      return;
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }
  }

  private Response tooLarge() {
    return Problem.response(
        413,
        "payload-too-large",
        "CE001",
        "Payload too large",
        "The request body is larger than " + limit + " bytes");
  }

  /** Counts what is read and fails past the limit. */
  private final class Limited extends FilterInputStream {
    private long read;

    Limited(InputStream in, long max) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw new WebApplicationException(tooLarge());
      }
    }
  }
}
