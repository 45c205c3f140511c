package org.eventcore.infrastructure.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonbStateCodecTest {

  public enum Status {
    OPEN,
    CLOSED
  }

  public record Line(String sku, int quantity) {}

  public record Order(Status status, List<Line> lines, Map<String, Long> totals) {}

  public record OrderWithRenamedComponent(
      Status state, List<Line> lines, Map<String, Long> totals) {}

  private final JsonbStateCodec codec = new JsonbStateCodec();

  @Test
  void aRecordStateRoundTrips() {
    Order order = new Order(Status.OPEN, List.of(new Line("sku-1", 2)), Map.of("net", 10L));
    assertThat(codec.decode(codec.encode(order), Order.class)).isEqualTo(order);
  }

  @Test
  void theSchemaDescribesEveryComponentDownToTheClassesItIsMadeOf() {
    String description = JsonbStateCodec.describe(Order.class);
    assertThat(description)
        .contains("status:" + Status.class.getName() + "{OPEN,CLOSED,}")
        .contains(
            "lines:java.util.List<"
                + Line.class.getName()
                + "(sku:java.lang.String,quantity:int,),>")
        .contains("totals:java.util.Map<java.lang.String,java.lang.Long,>");
    assertThat(JsonbStateCodec.describe(OrderWithRenamedComponent.class))
        .contains("state:")
        .doesNotContain("status:");
  }

  @Test
  void theSchemaIsStableAndDiffersBetweenShapes() {
    assertThat(codec.schemaOf(Order.class))
        .isEqualTo(new JsonbStateCodec().schemaOf(Order.class))
        .isNotEqualTo(codec.schemaOf(OrderWithRenamedComponent.class))
        .hasSize(64);
  }
}
