package dev.portkit.adapters.postgres;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Tells a database that cannot be reached from a statement that failed on its own merits. */
final class SqlErrors {

    /**
     * SQLSTATEs that say the server is gone, going, too busy or too slow (PostgreSQL's appendix A): admin and
     * crash shutdown, cannot connect now, too many connections, statement timeout.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    private SqlErrors() {}

    /**
     * Whether the failure means the database could not be reached or did not answer in time (connection
     * class {@code 08}, the states above, a pool or socket timeout), as opposed to an error in the statement
     * itself.
     */
    static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the pool had no free connection within the connect timeout although the database answers:
     * every connection was busy (HikariCP's timeout then has no cause; when connections cannot be made, it
     * carries the last failure as its cause). The database is overloaded, not down.
     */
    static boolean isPoolExhausted(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    /** {@code Type: message} of the failure and its root cause, on one line, for logs and health details. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String line = oneLine(e) + (root == e ? "" : " (" + oneLine(root) + ")");
        line = line.replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    private static String oneLine(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
