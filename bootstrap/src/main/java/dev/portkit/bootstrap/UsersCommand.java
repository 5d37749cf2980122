package dev.portkit.bootstrap;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.embedded.EmbeddedPostgresServer;
import dev.portkit.adapters.postgres.session.PostgresSessionStore;
import dev.portkit.adapters.postgres.user.PostgresCredentialStore;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.bootstrap.config.ConfigException;
import dev.portkit.bootstrap.config.DatabaseConfig;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.config.SessionConfig;
import dev.portkit.bootstrap.config.StoreChoice;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionTimeouts;
import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code java -jar portkit.jar users add|remove NAME} and {@code users list}: the users table of the database
 * the service uses (the same variables: {@code DATABASE_URL}, or the embedded PostgreSQL in {@code DATA_DIR},
 * also while the service runs on it). {@code add} reads the password as {@code hash-password} does (twice
 * without echo on a terminal, else the first line of stdin) and stores its hash; it replaces the password of
 * a user that exists. The password is never printed or logged. Changing a password (it may have leaked) or
 * removing a user ends that user's sessions in the database; an instance's cached copy is checked against it
 * again within {@code SESSION_TOUCH_INTERVAL}.
 *
 * <p>Exit codes: 0 done, 1 failed (no such user, database unreachable), 2 invalid usage or configuration.
 */
final class UsersCommand {

    static final String USAGE = "usage: java -jar portkit.jar users add NAME | users remove NAME | users list";

    private UsersCommand() {}

    static int run(
            String[] args,
            Map<String, String> environment,
            Console console,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        return run(args, environment, console, in, out, err, new PasswordHasher());
    }

    static int run(
            String[] args,
            Map<String, String> environment,
            Console console,
            InputStream in,
            PrintStream out,
            PrintStream err,
            PasswordHasher hasher) {
        boolean named = args.length == 3 && (args[1].equals("add") || args[1].equals("remove"));
        boolean list = args.length == 2 && args[1].equals("list");
        if (!named && !list) {
            err.println(USAGE);
            return Main.EXIT_CONFIG;
        }
        if (named && !SessionConfig.isValidUsername(args[2])) {
            err.println("users: usernames are 1 to 64 of A-Z a-z 0-9 . _ @ + -");
            return Main.EXIT_CONFIG;
        }
        DatabaseConfig database;
        SessionTimeouts timeouts;
        try {
            PortkitConfig config = PortkitConfig.fromEnvironment(environment);
            database = config.database();
            timeouts = config.sessions().timeouts();
        } catch (ConfigException e) {
            err.println("portkit: invalid configuration: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        if (database.store() == StoreChoice.MEMORY) {
            err.println("users: STORE=memory keeps no users table; list users in AUTH_USERS instead");
            return Main.EXIT_CONFIG;
        }
        if (args[1].equals("add")) {
            char[] password = PasswordInput.read("users add", console, in, err);
            if (password == null) {
                return Main.EXIT_CONFIG;
            }
            try {
                if (password.length == 0 || password.length > PasswordHasher.MAX_PASSWORD_LENGTH) {
                    err.println("users add: the password must have 1 to " + PasswordHasher.MAX_PASSWORD_LENGTH
                            + " characters");
                    return Main.EXIT_CONFIG;
                }
                String hash = hasher.hash(password);
                return withDatabase(database, err, db -> {
                    if (new PostgresCredentialStore(db).put(args[2], hash)) {
                        out.println("added " + args[2]);
                    } else {
                        out.println("changed the password of " + args[2] + endSessions(db, timeouts, args[2]));
                    }
                    return 0;
                });
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (args[1].equals("remove")) {
            return withDatabase(database, err, db -> {
                if (new PostgresCredentialStore(db).remove(args[2])) {
                    out.println("removed " + args[2] + endSessions(db, timeouts, args[2]));
                    return 0;
                }
                err.println("users remove: no user " + args[2]);
                return 1;
            });
        }
        return withDatabase(database, err, db -> {
            new PostgresCredentialStore(db).usernames().forEach(out::println);
            return 0;
        });
    }

    /** Ends every session of the user (after its password changed or it was removed); says how many. */
    private static String endSessions(PostgresDatabase database, SessionTimeouts timeouts, String username) {
        int ended = new PostgresSessionStore(database, timeouts, Clock.systemUTC()).deleteAll(new Principal(username));
        return ended == 0 ? "" : " and ended " + ended + (ended == 1 ? " session" : " sessions");
    }

    /**
     * Runs {@code command} on the database: of {@code DATABASE_URL}; or the embedded PostgreSQL, reached where
     * the running service started it, or started for the command and stopped after it.
     */
    private static int withDatabase(
            DatabaseConfig config, PrintStream err, Function<PostgresDatabase, Integer> command) {
        EmbeddedPostgresServer started = null;
        try {
            PostgresSettings settings;
            if (config.external().isPresent()) {
                settings = config.external().get();
            } else {
                Optional<PostgresSettings> running = EmbeddedPostgresServer.runningElsewhere(config.dataDir());
                if (running.isPresent()) {
                    settings = running.get();
                } else {
                    started = EmbeddedPostgresServer.start(config.dataDir());
                    settings = started.settings();
                }
            }
            try (PostgresDatabase database = PostgresDatabase.open(settings)) {
                return command.apply(database);
            }
        } catch (RuntimeException e) {
            err.println("users: " + e.getMessage());
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }
}
