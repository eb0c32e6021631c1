package io.switchboard.bench.fanout;

import io.switchboard.bench.BenchContext;
import io.switchboard.bench.Suite;
import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import io.switchboard.bench.support.Jmh;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;

/**
 * Event fan-out to 3 handlers: {@code GenEvent} beside a raw Disruptor 1→3 and one copying
 * {@code BlockingQueue} per subscriber, all in the same run.
 */
public final class FanoutSuite implements Suite {

  @Override
  public String name() {
    return "fanout";
  }

  @Override
  public String title() {
    return "Event fan-out to 3 handlers";
  }

  @Override
  public Findings run(BenchContext ctx) throws Exception {
    Collection<RunResult> rs = Jmh.run(ctx, List.of(
        Jmh.Selection.of(GenEventFanoutBench.class),
        Jmh.Selection.of(DisruptorFanoutBench.class),
        Jmh.Selection.of(CopyingQueuesFanoutBench.class)));
    double genEvent = Jmh.millionsPerSecond(
        Jmh.find(rs, GenEventFanoutBench.class, Mode.Throughput).orElseThrow());
    double disruptor = Jmh.millionsPerSecond(
        Jmh.find(rs, DisruptorFanoutBench.class, Mode.Throughput).orElseThrow());
    double copying = Jmh.millionsPerSecond(
        Jmh.find(rs, CopyingQueuesFanoutBench.class, Mode.Throughput).orElseThrow());

    Findings.Builder f = Findings.builder(method());
    f.figure(new Figure(Goals.FANOUT_RATE, "GenEvent events/s to 3 handlers, 1 publisher",
        genEvent, "M/s", List.of(new Baseline("raw Disruptor 1→3 (yielding)", disruptor),
            new Baseline("3 copying ArrayBlockingQueues", copying))));
    f.chart(new Chart("fanout-throughput", "Fan-out to 3 handlers (same run)", Chart.Kind.BARS,
        "", "million events per second",
        List.of("GenEvent", "Disruptor 1→3", "3 copying queues"),
        List.of(Series.bars("M/s", List.of(genEvent, disruptor, copying))), false));
    f.note("GenEvent reaches " + Numbers.format(genEvent / disruptor) + "× the raw Disruptor 1→3 "
        + "and " + Numbers.format(genEvent / copying) + "× the copying queues measured beside it. "
        + "With 3 handler threads and a publisher on " + Runtime.getRuntime().availableProcessors()
        + " cores, at least two threads share a core at any time: the handlers' wait strategy "
        + "decides how fast a descheduled handler gets the core back.");
    return f.build();
  }

  private static String method() {
    return "JMH Throughput, one producer thread. `GenEvent`: a manager with a ring of 16 384 and 3 "
        + "handlers (one thread each, `IdleStrategy.DEFAULT`: spin 2 µs, yield 200 µs, then "
        + "block) that add each event to a sum; the publisher calls `notify` (waits for room). "
        + "Raw Disruptor 1→3: one single-producer ring of "
        + "16 384, three `BatchEventProcessor`s (one thread each, `YieldingWaitStrategy`), every "
        + "handler sees every event, no copying. Copying queues: the producer puts a new event "
        + "object into each of three `ArrayBlockingQueue`s (capacity 16 384, blocking when full), "
        + "one consumer thread per queue. On 2 cores the 3 handler threads share the CPUs with the "
        + "producer.";
  }
}
