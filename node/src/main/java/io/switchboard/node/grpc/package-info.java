@NullMarked
package io.switchboard.node.grpc;

import org.jspecify.annotations.NullMarked;
