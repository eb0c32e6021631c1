@NullMarked
package io.switchboard.node.demo;

import org.jspecify.annotations.NullMarked;
