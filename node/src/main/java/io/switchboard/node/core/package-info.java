@NullMarked
package io.switchboard.node.core;

import org.jspecify.annotations.NullMarked;
