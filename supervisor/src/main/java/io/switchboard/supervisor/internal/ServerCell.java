package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.ServerStatus;

/**
 * One hosted server: its behaviour, its state and its bookkeeping. Created by any thread at
 * {@code start}; every field but {@link #status} is touched only by the owning loop's thread.
 * Kept small: a loop hosts up to millions of these.
 */
final class ServerCell {
  final String name;
  final ExitListener listener;
  final GenServer<Object, Object, Object> server;
  final int inputRingSize;
  Object state;
  volatile ServerStatus status = ServerStatus.STARTING;
  private InputRing lastInputs;

  @SuppressWarnings("unchecked")
  ServerCell(String name, GenServer<?, ?, ?> server, ExitListener listener, int inputRingSize) {
    this.name = name;
    this.server = (GenServer<Object, Object, Object>) server;
    this.listener = listener;
    this.inputRingSize = inputRingSize;
  }

  void remember(Object input) {
    if (inputRingSize == 0) {
      return;
    }
    if (lastInputs == null) {
      lastInputs = new InputRing(inputRingSize);
    }
    lastInputs.add(input);
  }

  java.util.List<Object> lastInputs() {
    return lastInputs == null ? java.util.List.of() : lastInputs.snapshot();
  }

  void forgetInputs() {
    if (lastInputs != null) {
      lastInputs.clear();
    }
  }
}
