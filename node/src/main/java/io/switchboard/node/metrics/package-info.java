@NullMarked
package io.switchboard.node.metrics;

import org.jspecify.annotations.NullMarked;
