@NullMarked
package io.switchboard.supervisor.app;

import org.jspecify.annotations.NullMarked;
