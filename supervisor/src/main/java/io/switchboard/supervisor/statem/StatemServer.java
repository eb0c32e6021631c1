package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.From;
import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.Timer;
import java.time.Duration;

/**
 * A {@link GenStatem} hosted as a {@link GenServer}: the server's state is the {@link Machine}.
 *
 * <p>Timeouts are loop timers: {@code host.sendAfter(after, name, TimeoutMsg)} on the loop's
 * clock, so a timeout is an ordinary step of this server (a throw in it is a crash like any
 * other). The machine keeps each timer's handle and cancels it when the timeout is cancelled or
 * re-set; a timer that fires anyway (raced with its cancel, or set by a previous incarnation of
 * the server) carries its owner and token and is ignored. {@code terminate} cancels every timer,
 * so a restart ({@code init} again) starts with none.
 *
 * <p>Inputs: {@link StatemMessage.CallMsg}/{@link StatemMessage.CastMsg} from
 * {@link GenStatem#callAsync}/{@link GenStatem#cast}; anything else is a {@link EventType.Call}
 * answered in the step ({@link GenStatem#pendingReply} when the machine did not reply).
 *
 * <p>Loop-thread only, like every server. One instance per hosted name (it knows its name).
 */
final class StatemServer<S, D, E, O> implements GenServer<Object, Machine<S, D, E, O>, O>,
    TimerPort {
  private final GenStatem<S, D, E, O> statem;
  private final ServerHost host;
  private final String name;
  private final Outbox outbox;
  private final Machine.Limits limits;

  StatemServer(GenStatem<S, D, E, O> statem, ServerHost host, String name, Outbox outbox,
      Machine.Limits limits) {
    this.statem = java.util.Objects.requireNonNull(statem, "statem");
    this.host = java.util.Objects.requireNonNull(host, "host");
    this.name = java.util.Objects.requireNonNull(name, "name");
    this.outbox = java.util.Objects.requireNonNull(outbox, "outbox");
    this.limits = limits;
  }

  @Override
  public Machine<S, D, E, O> init() throws Exception {
    Machine<S, D, E, O> m = new Machine<>(statem, this, outbox, limits);
    m.start();
    if (m.stopped() != null) {
      ExitReason why = m.stopped();
      m.terminate(why);
      throw new IllegalStateException("state machine '" + name + "' refused to start: " + why);
    }
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Step<Machine<S, D, E, O>, O> step(Object input, Machine<S, D, E, O> m) throws Exception {
    if (input instanceof StatemMessage.TimeoutMsg t) {
      if (t.owner() == m) {
        m.fire(t.key(), t.token(), t.content());
      }
      return result(m, null);
    }
    if (input instanceof StatemMessage.CastMsg c) {
      m.handle(EventType.CAST, (E) c.event());
      return result(m, null);
    }
    if (input instanceof StatemMessage.CallMsg c) {
      try {
        m.handle(new EventType.Call(From.of(c.promise())), (E) c.event());
      } catch (Exception | Error e) {
        c.promise().complete(new Reply.Crashed<>(name, String.valueOf(e)));
        throw e;
      }
      return result(m, null);
    }
    // a wire input stepped as a cast: a call whose answer nobody waits for
    m.handle(new EventType.Call(From.of(new Promise<>())), (E) input);
    return result(m, null);
  }

  /**
   * A wire input (a call through {@link ServerHost#call}, or from another node) is an {@link
   * EventType.Call} with the caller's own {@link From}: the machine answers it with {@link
   * Action#reply} in this step or any later one (a deferred reply). When it did not answer in the
   * step, {@link GenStatem#pendingReply} may answer at once; otherwise the caller waits within
   * its deadline. A machine that stops without answering fails the call.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Step<Machine<S, D, E, O>, O> stepCall(Object input, From from, Machine<S, D, E, O> m)
      throws Exception {
    if (input instanceof StatemMessage) {
      return step(input, m);
    }
    E event = (E) input;
    m.handle(new EventType.Call(from), event);
    if (!from.answered()) {
      O pending = statem.pendingReply(event, m.state(), m.data());
      if (pending != null) {
        return result(m, pending);
      }
      if (m.stopped() != null) {
        from.fail(new Reply.Unavailable<>("state machine '" + name
            + "' stopped before answering"));
      }
    }
    // answered in the step through the From, or later
    return m.stopped() == null ? Step.noReply(m) : Step.stopNoReply(m, m.stopped());
  }

  private static <S, D, E, O> Step<Machine<S, D, E, O>, O> result(Machine<S, D, E, O> m, O out) {
    return m.stopped() == null ? Step.of(m, out) : Step.stop(m, out, m.stopped());
  }

  @Override
  public void terminate(ExitReason reason, Machine<S, D, E, O> m) throws Exception {
    if (m != null) {
      m.terminate(reason);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Codec<Object, O> codec() {
    return (Codec<Object, O>) statem.codec();
  }

  @Override
  public String kind() {
    return statem.kind();
  }

  // ---------------------------------------------------------------- TimerPort

  @Override
  public Object arm(Machine<?, ?, ?, ?> owner, EventType key, long token, Duration after,
      Object content) {
    return host.sendAfter(after, name, new StatemMessage.TimeoutMsg(owner, key, token, content));
  }

  @Override
  public void cancel(Object handle) {
    ((Timer) handle).cancel();
  }
}
