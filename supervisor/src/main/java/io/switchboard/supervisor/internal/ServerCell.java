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
  /** Whether the server overrides {@code stepCall} (calls then get their {@code From}). */
  final boolean defers;
  Object state;
  volatile ServerStatus status = ServerStatus.STARTING;
  private InputRing lastInputs;

  @SuppressWarnings("unchecked")
  ServerCell(String name, GenServer<?, ?, ?> server, ExitListener listener, int inputRingSize) {
    this.name = name;
    this.server = (GenServer<Object, Object, Object>) server;
    this.listener = listener;
    this.inputRingSize = inputRingSize;
    this.defers = DEFERS.get(server.getClass());
  }

  /** Per server class: does it override {@code GenServer.stepCall}? (asked once per class) */
  private static final ClassValue<Boolean> DEFERS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      if (type == null || type == Object.class
          || type == io.switchboard.supervisor.GenServer.class) {
        return false;
      }
      for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
        if (m.getName().equals("stepCall") && m.getParameterCount() == 3 && !m.isBridge()
            && m.getParameterTypes()[1] == io.switchboard.supervisor.From.class) {
          return true;
        }
      }
      for (Class<?> i : type.getInterfaces()) {
        if (get(i)) {
          return true;
        }
      }
      return type.getSuperclass() != null && get(type.getSuperclass());
    }
  };

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
