/**
 * The JGroups shell around the pure membership core: the protocol stack, the channel, and the
 * translation of JGroups views into {@link io.switchboard.cluster.membership.Membership} snapshots.
 */
@NullMarked
package io.switchboard.cluster.jgroups;

import org.jspecify.annotations.NullMarked;
