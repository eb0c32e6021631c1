/**
 * The example application of the README's walk-through: durable bank accounts as a plugin jar
 * ({@link io.switchboard.examples.bank.BankProvider}, {@code --app bank}), built on the public
 * API of {@code switchboard-supervisor} only.
 */
@NullMarked
package io.switchboard.examples.bank;

import org.jspecify.annotations.NullMarked;
