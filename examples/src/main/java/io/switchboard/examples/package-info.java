@NullMarked
package io.switchboard.examples;

import org.jspecify.annotations.NullMarked;
