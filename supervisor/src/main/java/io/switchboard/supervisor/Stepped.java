package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * What one step of a server produced, encoded: its output (by the server's {@link Codec}) and its
 * state right after the step (by its {@link StateCodec}), taken on the loop before anything else
 * could step it. What a replicated template commits to its shard's log before it answers.
 *
 * @param output the encoded output
 * @param state the encoded state after the step, or {@code null} when the step stopped the server
 */
public record Stepped(byte[] output, byte @Nullable [] state) {}
