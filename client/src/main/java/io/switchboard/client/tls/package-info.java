/**
 * TLS from PEM files with rotation: {@link io.switchboard.client.tls.PemTls}, shared by the Java
 * client, the CLI and the node (client port, peer plane, Raft and JGroups).
 */
@NullMarked
package io.switchboard.client.tls;

import org.jspecify.annotations.NullMarked;
