@NullMarked
package io.switchboard.node.cluster;

import org.jspecify.annotations.NullMarked;
