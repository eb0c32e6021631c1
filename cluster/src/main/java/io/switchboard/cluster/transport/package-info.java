@NullMarked
package io.switchboard.cluster.transport;

import org.jspecify.annotations.NullMarked;
