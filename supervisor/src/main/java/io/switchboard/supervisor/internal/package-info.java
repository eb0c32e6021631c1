@NullMarked
package io.switchboard.supervisor.internal;

import org.jspecify.annotations.NullMarked;
