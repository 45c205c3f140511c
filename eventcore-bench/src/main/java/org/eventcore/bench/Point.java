package org.eventcore.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eventcore.bench.load.Measurement;

/**
 * One point of the report: a workload at a level and a client count, its repeats combined.
 *
 * @param workload {@code W1}, {@code W2}, {@code W4}, {@code W3-stream10}, …, {@code W2-long10000}
 * @param level {@code library}, {@code raw} or {@code http}
 * @param repeats the measurement of every repeat
 * @param combined the repeats as one (counts added, latencies merged)
 * @param reads whether the point reads (its ratio compares events/s) or writes (ops/s)
 * @param extra further key=value fields of the RESULT line
 */
record Point(
    String workload,
    String level,
    int clients,
    List<Measurement> repeats,
    Measurement combined,
    boolean reads,
    Map<String, String> extra) {

  static Point of(String workload, String level, List<Measurement> repeats, boolean reads) {
    return new Point(
        workload,
        level,
        repeats.get(0).clients(),
        List.copyOf(repeats),
        Measurement.combine(repeats),
        reads,
        new LinkedHashMap<>());
  }

  double rate() {
    return reads ? combined.eventsPerSecond() : combined.opsPerSecond();
  }

  String runs() {
    return repeats.stream()
        .map(m -> format(reads ? m.eventsPerSecond() : m.opsPerSecond(), 1))
        .collect(Collectors.joining("/"));
  }

  /** The machine-readable line. */
  String resultLine(Double rawRatio) {
    StringBuilder line =
        new StringBuilder("RESULT")
            .append(" workload=")
            .append(workload)
            .append(" level=")
            .append(level)
            .append(" clients=")
            .append(clients)
            .append(" ops_s=")
            .append(format(combined.opsPerSecond(), 1))
            .append(" p50_ms=")
            .append(format(combined.p50Millis(), 3))
            .append(" p99_ms=")
            .append(format(combined.p99Millis(), 3))
            .append(" conflicts=")
            .append(combined.conflicts())
            .append(" retries=")
            .append(combined.retries())
            .append(" raw_ratio=")
            .append(rawRatio == null ? "n/a" : format(rawRatio, 2));
    if (reads) {
      line.append(" events_s=").append(format(combined.eventsPerSecond(), 0));
    }
    line.append(" errors=").append(combined.errors());
    line.append(" runs=").append(runs());
    extra.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    if (combined.errors() > 0) {
      line.append(" first_error=\"").append(combined.firstError().replace('"', '\'')).append('"');
    }
    return line.toString();
  }

  static String format(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
