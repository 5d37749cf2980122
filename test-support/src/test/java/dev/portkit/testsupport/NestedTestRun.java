package dev.portkit.testsupport;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes in this JVM with the JUnit launcher, as a build would: for tests of the harness that must
 * run other tests in a JVM of their own, with an environment of their choosing. Prints one summary line,
 * {@code NESTED-RUN found=N succeeded=N failed=N}, then the failures; exits 0 only when tests ran and none
 * failed.
 */
final class NestedTestRun {

    private NestedTestRun() {}

    public static void main(String[] classNames) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(
                        Arrays.stream(classNames).map(name -> selectClass(name)).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        System.out.println("NESTED-RUN found=" + summary.getTestsFoundCount() + " succeeded="
                + summary.getTestsSucceededCount() + " failed="
                + (summary.getTotalFailureCount()));
        summary.printFailuresTo(new PrintWriter(System.out, true), 20);
        System.out.flush();
        boolean ok = summary.getTestsFoundCount() > 0 && summary.getTotalFailureCount() == 0;
        System.exit(ok ? 0 : 1);
    }
}
