package io.switchboard.node;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test server that can hold its event loop: {@code wait} blocks the step (at most 20 s) until
 * the gate opens, so the loop's inbox fills; {@code echo X} answers {@code X}. Tests only: a real
 * server never blocks.
 */
public final class Gate implements GenServer<String, Integer, String> {
  private final CountDownLatch open = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);

  /** Lets every waiting step finish. */
  public void open() {
    open.countDown();
  }

  /** Blocks until a {@code wait} step holds the loop (at most 10 s); true if it does. */
  public boolean awaitEntered() throws InterruptedException {
    return entered.await(10, TimeUnit.SECONDS);
  }

  @Override
  public Integer init() {
    return 0;
  }

  @Override
  public Step<Integer, String> step(String input, Integer steps) throws InterruptedException {
    if (input.equals("wait")) {
      entered.countDown();
      return Step.of(steps + 1, open.await(20, TimeUnit.SECONDS) ? "opened" : "gave up");
    }
    return Step.of(steps + 1, input.substring("echo ".length()));
  }

  @Override
  public Codec<String, String> codec() {
    return new Codec<>() {
      @Override
      public String decode(byte[] bytes) throws DecodeException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.equals("wait") || text.startsWith("echo ")) {
          return text;
        }
        throw new DecodeException("gate takes 'wait' or 'echo X'");
      }

      @Override
      public byte[] encode(String output) {
        return output.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  @Override
  public String kind() {
    return "gate";
  }
}
