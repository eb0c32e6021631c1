@NullMarked
package io.switchboard.node.http;

import org.jspecify.annotations.NullMarked;
