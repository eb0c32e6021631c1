@NullMarked
package io.switchboard.node.server;

import org.jspecify.annotations.NullMarked;
