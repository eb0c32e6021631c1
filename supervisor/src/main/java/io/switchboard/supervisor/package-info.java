@NullMarked
package io.switchboard.supervisor;

import org.jspecify.annotations.NullMarked;
