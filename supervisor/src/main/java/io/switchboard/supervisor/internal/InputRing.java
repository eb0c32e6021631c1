package io.switchboard.supervisor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N inputs of one server, for crash reports. Loop-thread only. The array is allocated on
 * the first input, so an idle server costs nothing here.
 */
final class InputRing {
  private final Object[] slots;
  private long count;

  InputRing(int size) {
    this.slots = new Object[size];
  }

  void add(Object input) {
    slots[(int) (count++ % slots.length)] = input;
  }

  /** Oldest first. */
  List<Object> snapshot() {
    int n = (int) Math.min(count, slots.length);
    List<Object> out = new ArrayList<>(n);
    for (long i = count - n; i < count; i++) {
      out.add(slots[(int) (i % slots.length)]);
    }
    return out;
  }

  void clear() {
    java.util.Arrays.fill(slots, null);
    count = 0;
  }
}
