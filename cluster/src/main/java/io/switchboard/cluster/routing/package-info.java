@NullMarked
package io.switchboard.cluster.routing;

import org.jspecify.annotations.NullMarked;
