package org.eventcore.interfaces.rest.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eventcore.interfaces.rest.binding.SampleRequests.AmountRequest;
import org.eventcore.interfaces.rest.binding.SampleRequests.PlaceOrderRequest;
import org.eventcore.interfaces.rest.binding.SampleRequests.TransferRequest;
import org.eventcore.interfaces.rest.problem.InvalidFieldException;
import org.junit.jupiter.api.Test;

/**
 * The body rules against the JSON-P and JSON-B implementations WildFly ships (Parsson, Yasson, in
 * the versions the parent POM pins to WildFly's): syntax first, then binding failures named by
 * member.
 */
class JsonBodyInterceptorTest {

  private static final Jsonb JSONB = new JsonBinding().getContext(Object.class);
  private static final int DEEP = 100_000;

  private static void wellFormed(String body, Class<?> target) {
    JsonBodyInterceptor.requireWellFormed(body.getBytes(StandardCharsets.UTF_8), target);
  }

  private static InvalidFieldException refusedSyntax(String body, Class<?> target) {
    Throwable thrown = catchThrowable(() -> wellFormed(body, target));
    assertThat(thrown).as(body).isInstanceOf(InvalidFieldException.class);
    return (InvalidFieldException) thrown;
  }

  /** Binds a well-formed body and answers what the interceptor would make of the failure. */
  private static InvalidFieldException refusedBinding(String body, Class<?> target) {
    wellFormed(body, target);
    Throwable thrown = catchThrowable(() -> JSONB.fromJson(body, target));
    assertThat(thrown).as(body).isNotNull();
    return JsonBodyInterceptor.describe(thrown);
  }

  @Test
  void aWellFormedBodyPassesAndBindsStrictly() {
    wellFormed("{\"from\":\"a\",\"to\":\"b\",\"amount\":300}", TransferRequest.class);
    wellFormed("  ", TransferRequest.class);
    wellFormed("null", TransferRequest.class);
    assertThat(
            JSONB.fromJson("{\"from\":\"a\",\"to\":\"b\",\"amount\":300}", TransferRequest.class))
        .isEqualTo(new TransferRequest("a", "b", 300L));
    assertThat(JSONB.fromJson("{}", AmountRequest.class)).isEqualTo(new AmountRequest(null));
    assertThat(JSONB.fromJson("{\"amount\":null}", AmountRequest.class))
        .isEqualTo(new AmountRequest(null));
  }

  @Test
  void syntaxErrorsAreRefusedBeforeBinding() {
    for (String body :
        List.of(
            "{\"amount\":",
            "{\"amount\":1",
            "{\"amount\":1}}",
            "{\"amount\":1} x",
            "{'amount':1}",
            "{\"amount\":01}",
            "{\"amount\":\"\\uZZZZ\"}",
            "[1,]")) {
      assertThat(refusedSyntax(body, JsonValue.class).getMessage())
          .startsWith("The body is not valid JSON");
    }
  }

  @Test
  void nestingDeeperThanTheParserAllowsIsRefusedWithoutRecursing() {
    String arrays = "[".repeat(DEEP) + "]".repeat(DEEP);
    String objects = "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP);
    for (String body :
        List.of(arrays, objects, "{\"amount\":" + arrays + "}", "[{\"data\":" + objects + "}]")) {
      assertThat(refusedSyntax(body, JsonValue.class).getMessage()).contains("nested");
    }
  }

  @Test
  void numbersBeyondWhatCanBeStoredAreRefused() {
    for (String number : List.of("1e999999999", "-1e-999999999", "1" + "0".repeat(5_000))) {
      assertThat(refusedSyntax("[{\"data\":" + number + "}]", JsonValue.class).getMessage())
          .contains("out of range");
    }
    wellFormed("[{\"data\":1e300}]", JsonValue.class);
  }

  @Test
  void aRequestRecordIsBoundFromAnObjectOnly() {
    for (String body : List.of("[]", "[{\"amount\":1}]", "42", "\"amount\"", "true")) {
      assertThat(refusedSyntax(body, AmountRequest.class).getMessage())
          .isEqualTo("The body must be a JSON object");
    }
    wellFormed("[{\"amount\":1}]", JsonValue.class);
  }

  @Test
  void amountsAreWholeNumbersNeverTruncated() {
    for (String amount : List.of("1.5", "1.0", "1e2", "\"10\"", "\"ten\"", "true", "[1]", "{}")) {
      InvalidFieldException refused =
          refusedBinding("{\"amount\":" + amount + "}", AmountRequest.class);
      assertThat(refused.field()).as(amount).isEqualTo("amount");
      assertThat(refused.getMessage()).isEqualTo("amount must be a whole number (minor units)");
    }
    InvalidFieldException tooLarge =
        refusedBinding("{\"amount\":9223372036854775808}", AmountRequest.class);
    assertThat(tooLarge.getMessage()).isEqualTo("amount is out of range");
    assertThat(JSONB.fromJson("{\"amount\":9223372036854775807}", AmountRequest.class).amount())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void stringsAreStrings() {
    InvalidFieldException refused =
        refusedBinding("{\"from\":5,\"to\":\"b\",\"amount\":1}", TransferRequest.class);
    assertThat(refused.field()).isEqualTo("from");
    assertThat(refused.getMessage()).isEqualTo("from must be a string");
  }

  @Test
  void unknownMembersAreRefusedByName() {
    InvalidFieldException top =
        refusedBinding("{\"amount\":5,\"note\":\"x\"}", AmountRequest.class);
    assertThat(top.field()).isEqualTo("note");
    assertThat(top.getMessage()).isEqualTo("Unknown field note");

    InvalidFieldException nested =
        refusedBinding(
            "{\"orderId\":\"o\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"colour\":\"red\"}]}",
            PlaceOrderRequest.class);
    assertThat(nested.field()).isEqualTo("items.colour");
  }

  @Test
  void aMistypedNestedMemberIsNamedWithItsPath() {
    InvalidFieldException refused =
        refusedBinding(
            "{\"orderId\":\"o\",\"items\":[{\"sku\":\"a\",\"quantity\":2.5}]}",
            PlaceOrderRequest.class);
    assertThat(refused.field()).isEqualTo("items.quantity");
    assertThat(refused.getMessage())
        .isEqualTo("items.quantity must be a whole number (minor units)");

    InvalidFieldException notAList =
        refusedBinding("{\"orderId\":\"o\",\"items\":\"apples\"}", PlaceOrderRequest.class);
    assertThat(notAList.field()).isEqualTo("items");
  }

  @Test
  void aFailureThatNamesNoMemberStillDescribesTheBody() {
    assertThatThrownBy(() -> JSONB.fromJson("{\"amount\":1}", List.class)).isNotNull();
    assertThat(JsonBodyInterceptor.describe(new IllegalStateException("boom")).field()).isEmpty();
  }
}
