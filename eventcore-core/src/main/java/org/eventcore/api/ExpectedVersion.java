package org.eventcore.api;

import java.util.Objects;

/**
 * What a writer expects of a stream's version when it appends (or only reads) the stream; checked
 * atomically with the write, under the stream's lock.
 *
 * <ul>
 *   <li>{@link NoStream}: the stream has no events yet (version 0);
 *   <li>{@link Exact}: the stream is exactly at this version (0 means the same as {@code
 *       NoStream});
 *   <li>{@link StreamExists}: the stream has at least one event, whatever its version;
 *   <li>{@link Any}: no check at all (the book's contradiction A-19 settled this way: {@code Any}
 *       never fails, see ADR 0002).
 * </ul>
 */
public sealed interface ExpectedVersion {

  /** Whether a stream currently at {@code actual} meets this expectation. */
  boolean isSatisfiedBy(StreamVersion actual);

  static ExpectedVersion noStream() {
    return NoStream.INSTANCE;
  }

  static ExpectedVersion any() {
    return Any.INSTANCE;
  }

  static ExpectedVersion streamExists() {
    return StreamExists.INSTANCE;
  }

  static ExpectedVersion exact(StreamVersion version) {
    return new Exact(version);
  }

  static ExpectedVersion exact(long version) {
    return new Exact(StreamVersion.of(version));
  }

  /** The stream must not have any event. */
  enum NoStream implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean isSatisfiedBy(StreamVersion actual) {
      return actual.isEmpty();
    }

    @Override
    public String toString() {
      return "NoStream";
    }
  }

  /** No check. */
  enum Any implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean isSatisfiedBy(StreamVersion actual) {
      return true;
    }

    @Override
    public String toString() {
      return "Any";
    }
  }

  /** The stream must have at least one event. */
  enum StreamExists implements ExpectedVersion {
    INSTANCE;

    @Override
    public boolean isSatisfiedBy(StreamVersion actual) {
      return !actual.isEmpty();
    }

    @Override
    public String toString() {
      return "StreamExists";
    }
  }

  /** The stream must be exactly at {@code version}. */
  record Exact(StreamVersion version) implements ExpectedVersion {
    public Exact {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public boolean isSatisfiedBy(StreamVersion actual) {
      return version.equals(actual);
    }

    @Override
    public String toString() {
      return "Exact(" + version + ")";
    }
  }
}
