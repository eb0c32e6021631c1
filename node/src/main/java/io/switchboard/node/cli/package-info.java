@NullMarked
package io.switchboard.node.cli;

import org.jspecify.annotations.NullMarked;
