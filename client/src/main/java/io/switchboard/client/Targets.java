package io.switchboard.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel per target and the round-robin cursor over them. Thread-safe: channels are
 * immutable after construction and the cursor is atomic.
 */
final class Targets {
  private final List<String> endpoints;
  private final List<ManagedChannel> channels;
  private final AtomicInteger cursor = new AtomicInteger();

  Targets(List<String> endpoints, ChannelCredentials credentials, int maxReplyBytes) {
    this.endpoints = List.copyOf(endpoints);
    List<ManagedChannel> built = new ArrayList<>(endpoints.size());
    for (String endpoint : this.endpoints) {
      built.add(Grpc.newChannelBuilder(endpoint, credentials)
          .maxInboundMessageSize(maxReplyBytes)
          .build());
    }
    this.channels = List.copyOf(built);
  }

  /** Where a new logical call starts: each call one target further than the previous one. */
  int first() {
    return Math.floorMod(cursor.getAndIncrement(), channels.size());
  }

  /** The target after {@code index}, wrapping around. */
  int next(int index) {
    return (index + 1) % channels.size();
  }

  int size() {
    return channels.size();
  }

  ManagedChannel channel(int index) {
    return channels.get(index);
  }

  List<String> endpoints() {
    return endpoints;
  }

  /**
   * Cancels what is in flight and closes every channel, waiting up to {@code grace} in all.
   * Returns false if some channel had not terminated by then (or the wait was interrupted; the
   * interrupt stays set).
   */
  boolean close(Duration grace) {
    channels.forEach(ManagedChannel::shutdownNow);
    long until = System.nanoTime() + grace.toNanos();
    try {
      for (ManagedChannel c : channels) {
        if (!c.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
