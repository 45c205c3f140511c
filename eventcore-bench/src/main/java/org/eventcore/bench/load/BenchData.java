package org.eventcore.bench.load;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The data of the standard workloads (WORKLOADS.md): event payloads of about 200 bytes, metadata of
 * about 80 bytes, and the names of the streams each point works on.
 */
public final class BenchData {

  private BenchData() {}

  /** Two distinct random account numbers in 1..{@code accounts} (a W2/W4 transfer pair). */
  public static int[] distinctPair(SplittableRandom random, int accounts) {
    int from = 1 + random.nextInt(accounts);
    int to;
    do {
      to = 1 + random.nextInt(accounts);
    } while (to == from);
    return new int[] {from, to};
  }

  /** Event type of the W1 appends and of the W3 streams and global log. */
  public static final String DEPOSITED = "Deposited";

  /** The W1/W3 payload: the example of WORKLOADS.md (about 200 bytes). */
  public static String depositedPayload(long sequence) {
    return "{\"amount\":125.5,\"currency\":\"EUR\",\"accountId\":\"3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b\","
        + "\"reference\":\"DEP-2024-"
        + String.format("%09d", sequence % 1_000_000_000L)
        + "\",\"channel\":\"online\",\"description\":\"Benchmark deposit event payload padded to 200"
        + " b\"}";
  }

  /**
   * The metadata of every bench event, in the store's JSON form ({@code custom} holds the source):
   * about 80 bytes.
   */
  public static String metadataJson(String correlationId) {
    return "{\"correlationId\":\"" + correlationId + "\",\"custom\":{\"source\":\"bench\"}}";
  }

  public static String newCorrelationId() {
    return UUID.randomUUID().toString();
  }

  /**
   * The stream of account {@code n} (1-based) of a point: every point works on fresh accounts, so
   * that the streams a point folds are as long as the workload says (one event), not as long as the
   * earlier points made them. The account id is {@code <point>-<n>}, its stream {@code
   * account-<point>-<n>}.
   */
  public static String accountId(String point, int n) {
    return point + "-" + n;
  }

  public static String accountStream(String point, int n) {
    return "account-" + accountId(point, n);
  }

  /** The initial balance of a bench account: transfers of 1 never exhaust it. */
  public static final long INITIAL_BALANCE = 1_000_000_000L;
}
