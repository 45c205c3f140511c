package org.eventcore.interfaces.rest.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eventcore.interfaces.rest.problem.ConstraintViolationMapper.FieldError;
import org.junit.jupiter.api.Test;

class ConstraintViolationMapperTest {

  /** A node of a Bean Validation property path. */
  private record Node(String name, ElementKind kind, Integer index) implements Path.Node {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isInIterable() {
      return index != null;
    }

    @Override
    public Integer getIndex() {
      return index;
    }

    @Override
    public Object getKey() {
      return null;
    }

    @Override
    public ElementKind getKind() {
      return kind;
    }

    @Override
    public <T extends Path.Node> T as(Class<T> nodeType) {
      return nodeType.cast(this);
    }
  }

  private static Node method(String name) {
    return new Node(name, ElementKind.METHOD, null);
  }

  private static Node parameter(String name) {
    return new Node(name, ElementKind.PARAMETER, null);
  }

  private static Node property(String name) {
    return new Node(name, ElementKind.PROPERTY, null);
  }

  private static Path path(Node... nodes) {
    return () -> Arrays.<Path.Node>asList(nodes).iterator();
  }

  private static ConstraintViolation<?> violation(Path path, String message) {
    return (ConstraintViolation<?>)
        Proxy.newProxyInstance(
            ConstraintViolation.class.getClassLoader(),
            new Class<?>[] {ConstraintViolation.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getPropertyPath" -> path;
                  case "getMessage" -> message;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aFieldIsTheJsonPathWithinTheBody() {
    assertThat(
            ConstraintViolationMapper.field(
                path(method("transfer"), parameter("body"), property("amount"))))
        .isEqualTo("amount");
    assertThat(
            ConstraintViolationMapper.field(
                path(
                    method("place"),
                    parameter("body"),
                    property("items"),
                    new Node("sku", ElementKind.PROPERTY, 1))))
        .isEqualTo("items[1].sku");
    assertThat(
            ConstraintViolationMapper.field(
                path(
                    method("place"),
                    parameter("body"),
                    property("items"),
                    new Node("<list element>", ElementKind.CONTAINER_ELEMENT, 0))))
        .isEqualTo("items[0]");
  }

  @Test
  void aViolatedParameterIsNamedAfterIt() {
    assertThat(ConstraintViolationMapper.field(path(method("list"), parameter("size"))))
        .isEqualTo("size");
    assertThat(ConstraintViolationMapper.field(path(method("transfer"), parameter("body"))))
        .isEqualTo("body");
  }

  @Test
  void errorsAreSortedByFieldSoTheFirstIsStable() {
    List<FieldError> errors =
        ConstraintViolationMapper.errors(
            Set.of(
                violation(path(method("t"), parameter("body"), property("to")), "is required"),
                violation(
                    path(method("t"), parameter("body"), property("amount")),
                    "must be greater than 0")));

    assertThat(errors)
        .containsExactly(
            new FieldError("amount", "must be greater than 0"),
            new FieldError("to", "is required"));
    assertThat(errors.get(0).sentence()).isEqualTo("amount must be greater than 0");
  }
}
