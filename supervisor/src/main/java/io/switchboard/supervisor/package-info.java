/**
 * The supervision library: servers, event loops, supervisors and their trees.
 *
 * <p>Nulls: every package of Switchboard is {@code @NullMarked}: a type is non-null unless it is
 * written {@code @Nullable} (JSpecify; nothing checks this at build time, it documents where
 * absence is a real value).
 */
@NullMarked
package io.switchboard.supervisor;

import org.jspecify.annotations.NullMarked;
