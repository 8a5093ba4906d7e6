package io.github.netboot6.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Draws values of one kind from a source of randomness; the same seed gives the same values.
 *
 * <p>Generators are stateless and thread-safe: all state is in the {@link RandomGenerator} passed
 * to {@link #next}. Example:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * Ipv6Address a = Ipv6Generators.addresses().next(random);
 * }</pre>
 *
 * @param <T> the type of the values drawn
 */
@FunctionalInterface
public interface Generator<T> {

  /**
   * Draws one value.
   *
   * @param random the source of randomness
   * @return the value
   */
  T next(RandomGenerator random);

  /**
   * Returns a generator that applies {@code mapper} to every value this one draws.
   *
   * @param mapper the function to apply
   * @param <R> the type of the mapped values
   * @return the mapped generator
   */
  default <R> Generator<R> map(Function<? super T, ? extends R> mapper) {
    return random -> mapper.apply(next(random));
  }

  /**
   * Returns a generator that draws until a value satisfies {@code filter}.
   *
   * @param filter the condition a value must meet
   * @return the filtered generator; it throws {@link IllegalStateException} after 1,000 rejected
   *     draws in a row
   */
  default Generator<T> filter(Predicate<? super T> filter) {
    return random -> {
      for (int i = 0; i < 1000; i++) {
        T value = next(random);
        if (filter.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("filter rejected 1000 values in a row");
    };
  }

  /**
   * Returns a generator that always draws {@code value}.
   *
   * @param value the value
   * @param <T> its type
   * @return the constant generator
   */
  static <T> Generator<T> constant(T value) {
    return random -> value;
  }

  /**
   * Returns a generator that picks one of {@code values} uniformly.
   *
   * @param values the values to pick from
   * @param <T> their type
   * @return the generator
   * @throws IllegalArgumentException if {@code values} is empty
   */
  static <T> Generator<T> oneOf(List<? extends T> values) {
    checkArgument(!values.isEmpty(), "values must not be empty");
    List<? extends T> copy = List.copyOf(values);
    return random -> copy.get(random.nextInt(copy.size()));
  }

  /**
   * Returns a generator that picks one of {@code generators} uniformly, then draws from it.
   *
   * @param generators the generators to choose among
   * @param <T> the type of their values
   * @return the generator
   * @throws IllegalArgumentException if {@code generators} is empty
   */
  static <T> Generator<T> mix(List<? extends Generator<? extends T>> generators) {
    checkArgument(!generators.isEmpty(), "generators must not be empty");
    List<? extends Generator<? extends T>> copy = List.copyOf(generators);
    return random -> copy.get(random.nextInt(copy.size())).next(random);
  }
}
