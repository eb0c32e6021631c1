@NullMarked
package io.switchboard.cluster.lease;

import org.jspecify.annotations.NullMarked;
