/**
 * Generators of valid and hostile Netboot6 values that work with any test framework.
 *
 * <p>A {@link io.github.netboot6.testkit.Generator} draws one value from a {@link
 * java.util.random.RandomGenerator}; seed the generator and the values are reproducible. To use one
 * with a property-testing library, adapt it in one line, for example for QuickTheories:
 *
 * <pre>{@code
 * Gen<Ipv6Address> addresses = in -> Ipv6Generators.addresses()
 *     .next(new SplittableRandom(in.next(Constraint.none())));
 * }</pre>
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.testkit;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
