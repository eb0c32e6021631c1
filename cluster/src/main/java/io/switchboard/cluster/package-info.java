@NullMarked
package io.switchboard.cluster;

import org.jspecify.annotations.NullMarked;
