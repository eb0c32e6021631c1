package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.Promise;

/** What travels through a loop's inbox to a hosted state machine besides raw inputs. */
sealed interface StatemMessage {

  /** {@link GenStatem#callAsync}: a call with its own reply target. */
  record CallMsg(Object event, Promise<Object> promise) implements StatemMessage {
    @Override
    public String toString() {
      return "call(" + event + ")";
    }
  }

  /** {@link GenStatem#cast}. */
  record CastMsg(Object event) implements StatemMessage {
    @Override
    public String toString() {
      return "cast(" + event + ")";
    }
  }

  /** A loop timer fired; stale unless {@code owner} is the running machine and still armed. */
  record TimeoutMsg(Machine<?, ?, ?, ?> owner, EventType key, long token, Object content)
      implements StatemMessage {
    @Override
    public String toString() {
      return "timeout(" + key + "," + content + ")";
    }
  }
}
