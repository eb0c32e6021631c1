@NullMarked
package io.switchboard.node;

import org.jspecify.annotations.NullMarked;
