package org.eventcore.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A profile of the library W2 from the server's own metrics (Prometheus text at {@code /metrics}):
 * the mean time per command and per store operation over one point, from the differences of the
 * timers' sums and counts before and after it.
 */
final class Metrics {

  private static final Pattern LINE =
      Pattern.compile(
          "^(eventcore_(?:store_operations|command_duration)_seconds)_(sum|count)\\{([^}]*)\\}\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(operation|command)=\"([^\"]*)\"");

  private Metrics() {}

  static Map<String, Double> scrape(BenchServer server) {
    Map<String, Double> values = new HashMap<>();
    try {
      for (String line : server.get("/metrics?scope=application").split("\n")) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
          continue;
        }
        Matcher label = LABEL.matcher(m.group(3));
        String name = label.find() ? label.group(2) : "?";
        values.merge(name + "." + m.group(2), Double.parseDouble(m.group(4)), Double::sum);
      }
    } catch (Exception e) {
      values.put("error", 1.0);
    }
    return values;
  }

  /** "command 3.10 ms = readStreams 0.90 + append 1.10 + rest 1.10 ms" for the point. */
  static String breakdown(Map<String, Double> before, Map<String, Double> after) {
    return breakdown(before, after, "TransferMoney");
  }

  /** The same for the commands of type {@code command} (the store timers are not per command). */
  static String breakdown(Map<String, Double> before, Map<String, Double> after, String command) {
    double commands = delta(before, after, command + ".count");
    if (commands <= 0) {
      return "no metrics (" + after.keySet() + ")";
    }
    double mean = delta(before, after, command + ".sum") / commands * 1000;
    // a cold state reads whole streams (readStreams); a reused one only the newer events
    double reads =
        (delta(before, after, "readStreams.sum") + delta(before, after, "readStreamsAfter.sum"))
            / commands
            * 1000;
    double appends = delta(before, after, "append.sum") / commands * 1000;
    return String.format(
        Locale.ROOT,
        "command %.3f ms = read both streams %.3f ms + append (lock, check, insert) %.3f ms"
            + " + the rest %.3f ms (transaction begin/commit incl. the WAL flush, Fault Tolerance,"
            + " CDI, fold and decision, metrics)",
        mean,
        reads,
        appends,
        mean - reads - appends);
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }
}
