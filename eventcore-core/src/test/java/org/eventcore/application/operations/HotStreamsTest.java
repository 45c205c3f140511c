package org.eventcore.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eventcore.api.ExpectedVersion;
import org.eventcore.api.StreamId;
import org.eventcore.api.StreamVersion;
import org.eventcore.api.StreamVersionConflictException;
import org.junit.jupiter.api.Test;

/**
 * The hot streams' series: one gauge per tracked stream only, removed when its stream is pushed out
 * of the table. The registry is a small recording stand-in for the three calls {@link HotStreams}
 * makes ({@code gauge}, {@code remove}, {@code counter}); the server's real registry is exercised
 * by ConsoleIT through {@code /metrics}.
 */
class HotStreamsTest {

  private final Map<MetricID, Function<Object, Number>> gauges = new ConcurrentHashMap<>();
  private final Map<Object, Object> gaugeTargets = new ConcurrentHashMap<>();
  private final AtomicLong counted = new AtomicLong();

  @SuppressWarnings("unchecked")
  private final MetricRegistry registry =
      (MetricRegistry)
          Proxy.newProxyInstance(
              MetricRegistry.class.getClassLoader(),
              new Class<?>[] {MetricRegistry.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "gauge" -> {
                      MetricID id = new MetricID((String) args[0], (Tag[]) args[3]);
                      gauges.put(id, (Function<Object, Number>) args[2]);
                      gaugeTargets.put(id, args[1]);
                      yield null;
                    }
                    case "remove" -> gauges.remove((MetricID) args[0]) != null;
                    case "counter" ->
                        new Counter() {
                          @Override
                          public void inc() {
                            counted.incrementAndGet();
                          }

                          @Override
                          public void inc(long n) {
                            counted.addAndGet(n);
                          }

                          @Override
                          public long getCount() {
                            return counted.get();
                          }
                        };
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  private HotStreams hotStreams(int size) {
    HotStreams hot = new HotStreams();
    hot.size = size;
    hot.metrics = registry;
    hot.start();
    return hot;
  }

  private static StreamVersionConflictException conflictOn(String... streams) {
    return new StreamVersionConflictException(
        Arrays.stream(streams)
            .map(
                s ->
                    new StreamVersionConflictException.Conflict(
                        StreamId.of(s), ExpectedVersion.exact(1), StreamVersion.of(2)))
            .toList());
  }

  /** stream → current value of every hot-stream gauge registered. */
  private Map<String, Long> series() {
    Map<String, Long> values = new TreeMap<>();
    gauges.forEach(
        (id, gauge) -> {
          assertThat(id.getName()).isEqualTo(HotStreams.GAUGE);
          values.put(id.getTags().get("stream"), gauge.apply(gaugeTargets.get(id)).longValue());
        });
    return values;
  }

  @Test
  void exportsOneSeriesPerTrackedStreamAndDropsTheSeriesOfAStreamPushedOut() {
    HotStreams hot = hotStreams(2);
    hot.record(conflictOn("account-hot"));
    hot.record(conflictOn("account-hot", "account-warm"));
    hot.record(conflictOn("account-hot"));
    assertThat(series()).isEqualTo(Map.of("account-hot", 3L, "account-warm", 1L));

    for (int i = 0; i < 50; i++) {
      hot.record(conflictOn("cold-" + i));
      assertThat(gauges).hasSizeLessThanOrEqualTo(2);
    }
    Map<String, Long> after = series();
    assertThat(after).hasSize(2).doesNotContainKey("account-warm");
    assertThat(after.keySet())
        .containsExactlyInAnyOrderElementsOf(
            hot.top().stream().map(e -> e.stream().value()).toList());
    hot.top().forEach(e -> assertThat(after.get(e.stream().value())).isEqualTo(e.conflicts()));
    assertThat(counted.get()).isEqualTo(54);
    assertThat(hot.total()).isEqualTo(54);
  }

  @Test
  void aConflictTheDatabaseFoundWithoutNamingStreamsIsNotCounted() {
    HotStreams hot = hotStreams(5);
    hot.record(new StreamVersionConflictException("unique violation"));
    assertThat(hot.top()).isEmpty();
    assertThat(gauges).isEmpty();
    assertThat(hot.total()).isZero();
  }
}
