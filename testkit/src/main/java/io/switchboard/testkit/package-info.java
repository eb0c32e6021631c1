@NullMarked
package io.switchboard.testkit;

import org.jspecify.annotations.NullMarked;
