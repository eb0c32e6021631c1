@NullMarked
package io.switchboard.cluster.membership;

import org.jspecify.annotations.NullMarked;
