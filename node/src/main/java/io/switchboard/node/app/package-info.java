@NullMarked
package io.switchboard.node.app;

import org.jspecify.annotations.NullMarked;
