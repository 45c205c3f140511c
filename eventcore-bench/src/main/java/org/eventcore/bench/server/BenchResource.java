package org.eventcore.bench.server;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eventcore.bench.load.Measurement;

/**
 * Runs one library-level point and answers its {@link Measurement} as JSON. The call lasts the
 * warm-up plus the measured period; the runner calls one point at a time.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

  @Inject LibraryWorkloads workloads;

  @POST
  @Path("w1")
  public String w1(
      @QueryParam("point") String point,
      @QueryParam("accounts") int accounts,
      @QueryParam("clients") int clients,
      @QueryParam("warmupMs") long warmupMs,
      @QueryParam("measureMs") long measureMs)
      throws InterruptedException {
    return workloads.w1(point, accounts, clients, ms(warmupMs), ms(measureMs)).toJson();
  }

  @POST
  @Path("w2")
  public String w2(
      @QueryParam("point") String point,
      @QueryParam("accounts") int accounts,
      @QueryParam("clients") int clients,
      @QueryParam("warmupMs") long warmupMs,
      @QueryParam("measureMs") long measureMs,
      @QueryParam("cold") @DefaultValue("false") boolean cold)
      throws InterruptedException {
    return workloads.w2(point, accounts, clients, ms(warmupMs), ms(measureMs), cold).toJson();
  }

  @POST
  @Path("w3/stream")
  public String stream(
      @QueryParam("stream") String stream,
      @QueryParam("warmupMs") long warmupMs,
      @QueryParam("measureMs") long measureMs)
      throws InterruptedException {
    return workloads.readStream(stream, ms(warmupMs), ms(measureMs)).toJson();
  }

  @POST
  @Path("w3/feed")
  public String feed(
      @QueryParam("pageSize") @DefaultValue("1000") int pageSize,
      @QueryParam("warmupMs") long warmupMs,
      @QueryParam("measureMs") long measureMs)
      throws InterruptedException {
    return workloads.readFeed(pageSize, ms(warmupMs), ms(measureMs)).toJson();
  }

  @POST
  @Path("w3/replay")
  public String replay(
      @QueryParam("batchSize") @DefaultValue("1000") int batchSize,
      @QueryParam("warmupMs") long warmupMs,
      @QueryParam("measureMs") long measureMs)
      throws InterruptedException {
    return workloads.replay(batchSize, ms(warmupMs), ms(measureMs)).toJson();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
