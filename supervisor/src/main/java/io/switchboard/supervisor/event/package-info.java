@NullMarked
package io.switchboard.supervisor.event;

import org.jspecify.annotations.NullMarked;
