@NullMarked
package io.switchboard.supervisor.statem;

import org.jspecify.annotations.NullMarked;
