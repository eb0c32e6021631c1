@NullMarked
package io.switchboard.supervisor.time;

import org.jspecify.annotations.NullMarked;
