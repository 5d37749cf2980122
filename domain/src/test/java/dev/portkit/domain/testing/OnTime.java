package dev.portkit.domain.testing;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Runs a scenario whose assertions hold only if the machine kept time, and tells a late machine from a
 * wrong adapter. A store whose expiry runs on a server's clock can only be tested in real time, and on a
 * loaded machine a thread may oversleep or a call may stall long enough that a session or an entry expires
 * before the test looks: that says nothing about the adapter.
 *
 * <p>The scenario calls {@link Run#mark()} where the window its next assertions depend on starts, and {@link
 * Run#let(Duration)} for the time it lets pass on purpose (sleeping, or advancing a fake clock), and {@link
 * Run#settled()} once the rest no longer depends on timing (e.g. waiting for an expiry). If an
 * assertion fails while the real time since the mark exceeds what it let pass by more than {@code slack},
 * the run is late: it is repeated, up to {@code runs} runs. A failure on time fails at once, as does the last
 * run whatever its timing (saying that the machine was too busy). With a fake clock no run is ever late.
 */
public final class OnTime {

    private OnTime() {}

    /** See the class comment. */
    public static void run(Duration slack, int runs, Consumer<Run> scenario) {
        for (int number = 1; ; number++) {
            Run run = new Run(number);
            try {
                scenario.accept(run);
                return;
            } catch (AssertionError | NoSuchElementException e) {
                Duration late = run.lateness();
                if (late.compareTo(slack) <= 0) {
                    throw e;
                }
                if (number >= runs) {
                    throw new AssertionError(
                            "the machine was too busy to test this: each of " + runs + " runs was late, the last by "
                                    + late.toMillis() + " ms (allowed " + slack.toMillis() + " ms)",
                            e);
                }
            }
        }
    }

    /** One run of a scenario. */
    public static final class Run {

        private final int number;
        private long markNanos = System.nanoTime();
        private long letNanos;
        private boolean settled;

        private Run(int number) {
            this.number = number;
        }

        /** 1 for the first run, 2 for its repetition...: for names of a run's own. */
        public int number() {
            return number;
        }

        /** The window the next assertions depend on starts now. */
        public void mark() {
            markNanos = System.nanoTime();
            letNanos = 0;
        }

        /** From now on the run no longer depends on the machine's timing: a failure is the store's. */
        public void settled() {
            settled = true;
        }

        /** The scenario lets {@code duration} pass on purpose (it sleeps, or advances a fake clock). */
        public void let(Duration duration) {
            letNanos += duration.toNanos();
        }

        /** How much more real time passed since the mark than the scenario let pass. */
        Duration lateness() {
            return settled ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - markNanos - letNanos);
        }
    }
}
