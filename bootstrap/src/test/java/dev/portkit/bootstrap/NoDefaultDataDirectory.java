package dev.portkit.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves the service's default {@code DATA_DIR} ({@code ./data}, an embedded
 * PostgreSQL) in the module's directory: data that outlives the run and that the next run, or another
 * class, would find. Registered for every test class of this module (see {@code
 * junit-platform.properties}). A test that starts the service gives it {@code STORE=memory}, a
 * {@code DATABASE_URL} from {@code PostgresServerExtension}, or a {@code DATA_DIR} of its own.
 */
public final class NoDefaultDataDirectory implements BeforeAllCallback, AfterAllCallback {

    private static final Path DEFAULT = Path.of("data");

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getTestClass().isPresent() && Files.exists(DEFAULT)) {
            throw new IllegalStateException(DEFAULT.toAbsolutePath()
                    + " exists before " + context.getDisplayName() + ": an earlier run left an embedded PostgreSQL"
                    + " there. Stop any postgres running on it and delete it, then fix the test that made it.");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().isPresent() && Files.exists(DEFAULT)) {
            throw new IllegalStateException(context.getDisplayName() + " left " + DEFAULT.toAbsolutePath()
                    + ": it started the service on the default DATA_DIR. Give the service STORE=memory, a"
                    + " DATABASE_URL from PostgresServerExtension, or a DATA_DIR of its own (@TempDir).");
        }
    }
}
