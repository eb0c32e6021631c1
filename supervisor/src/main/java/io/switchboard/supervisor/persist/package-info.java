@NullMarked
package io.switchboard.supervisor.persist;

import org.jspecify.annotations.NullMarked;
