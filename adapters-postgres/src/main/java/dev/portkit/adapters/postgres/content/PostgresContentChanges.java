package dev.portkit.adapters.postgres.content;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChange;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link ContentChanges} on PostgreSQL: the rows that {@link PostgresContentRepository} appends to {@code
 * content_change} in the same statement as each write, and the consumers' positions in {@code
 * content_change_cursor}.
 *
 * <h2>Order without gaps</h2>
 *
 * A change's position is its transaction's id ({@code pg_current_xact_id()}). A sequence would not do: a
 * transaction can take a number, then commit after another reader has read a higher one, which would then
 * never see it. Reads return only positions below the oldest transaction id still running ({@code
 * pg_snapshot_xmin(pg_current_snapshot())}), taken from the same snapshot as the rows: every transaction
 * below it has ended, so a transaction that commits later has a position above everything read before. The
 * price: a write transaction that stays open (in this database or another of the same server) holds the
 * feed back until it ends. This service's own transactions are single statements.
 *
 * <h2>Delivery</h2>
 *
 * {@link #deliver} first checks, without locking, whether anything follows the consumer's position; only
 * then does it open a transaction, take a transaction-level advisory lock on the consumer (so deliveries from
 * every instance queue up, for at most the query timeout), read, call the handler, and store the new
 * position in the same transaction: the position moves only if the handler returned.
 *
 * <h2>Retention</h2>
 *
 * {@link #purge} deletes changes older than a given time in small batches through the index on {@code
 * changed_at}, and records the last position it deleted: a reader behind it is told it {@link
 * ChangeBatch#missed()} changes. The service runs it in the background.
 *
 * <p>A database that cannot be reached throws {@link SourceOfTruthUnavailableException}.
 */
public final class PostgresContentChanges implements ContentChanges {

    /** The cursor row of the purge's last deleted position; no consumer can have this name. */
    private static final String PURGED = "(purged)";

    private static final String XMIN = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    /**
     * The changes after ARGV 1 and below the bound of the {@code bound} row (exclusive), with the bound and the
     * purge's position, all from one snapshot. The bound is the oldest running transaction, or one past a
     * consumer's position.
     */
    private static final String READ = "SELECT b.bound, p.position, c.position, c.seq, c.type, c.id, c.kind"
            + " FROM (%s) b"
            + " JOIN content_change_cursor p ON p.consumer = '" + PURGED + "'"
            + " LEFT JOIN LATERAL (SELECT position, seq, type, id, kind FROM content_change"
            + " WHERE position > ? AND position < b.bound ORDER BY position, seq LIMIT ?) c ON true"
            + " ORDER BY c.position, c.seq";

    private static final String READ_VISIBLE = String.format(READ, "SELECT " + XMIN + " AS bound");
    private static final String READ_ACKNOWLEDGED = String.format(
            READ, "SELECT coalesce((SELECT position FROM content_change_cursor WHERE consumer = ?), 0) + 1 AS bound");

    private final PostgresDatabase database;

    public PostgresContentChanges(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public long end() {
        return database.call("content_change.end", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT " + XMIN + " - 1")) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Override
    public ChangeBatch read(long position, int limit) {
        checkLimit(limit);
        return database.call("content_change.read", connection -> read(connection, null, position, limit));
    }

    @Override
    public long acknowledged(String consumer) {
        ContentChanges.checkConsumer(consumer);
        return database.call("content_change.acknowledged", connection -> acknowledged(connection, consumer));
    }

    @Override
    public ChangeBatch readAcknowledged(String consumer, long position, int limit) {
        ContentChanges.checkConsumer(consumer);
        checkLimit(limit);
        return database.call("content_change.read", connection -> read(connection, consumer, position, limit));
    }

    @Override
    public ChangeBatch deliver(String consumer, int limit, Consumer<ChangeBatch> handler) {
        ContentChanges.checkConsumer(consumer);
        checkLimit(limit);
        Objects.requireNonNull(handler, "handler");
        Delivery delivery = database.call("content_change.deliver", connection -> {
            long acknowledged = acknowledged(connection, consumer);
            ChangeBatch pending = read(connection, null, acknowledged, 1);
            if (pending.isEmpty()) {
                return new Delivery(ChangeBatch.none(acknowledged), false);
            }
            return deliverLocked(connection, consumer, limit, handler);
        });
        if (delivery.busy()) {
            throw new SourceOfTruthUnavailableException(
                    "another process has been delivering content changes to " + consumer + " for over "
                            + database.settings().queryTimeout().toMillis() + " ms",
                    null);
        }
        return delivery.batch();
    }

    /**
     * Deletes up to {@code limit} changes made before {@code before}, oldest first, and records the last
     * position it deleted, in one statement; changes another instance is purging at the same time are skipped.
     *
     * @return how many it deleted; run again while it returns {@code limit}
     */
    public int purge(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        checkLimit(limit);
        return database.call("content_change.purge", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("WITH gone AS (DELETE FROM content_change"
                    + " WHERE (position, seq) IN (SELECT position, seq FROM content_change WHERE changed_at < ?"
                    + " ORDER BY changed_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING position)"
                    + " UPDATE content_change_cursor SET position = greatest(position, (SELECT max(position) FROM gone))"
                    + " WHERE consumer = '" + PURGED + "' AND EXISTS (SELECT 1 FROM gone)"
                    + " RETURNING (SELECT count(*) FROM gone)")) {
                statement.setObject(1, before.atOffset(ZoneOffset.UTC));
                statement.setInt(2, limit);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getInt(1) : 0;
                }
            }
        });
    }

    /** The locked part of {@link #deliver}, in a transaction of its own on {@code connection}. */
    private Delivery deliverLocked(Connection connection, String consumer, int limit, Consumer<ChangeBatch> handler)
            throws SQLException {
        Duration wait = database.settings().queryTimeout();
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            try (Statement statement = connection.createStatement()) {
                // lock_timeout must fire before statement_timeout (the pool's, equal to it): else the wait
                // ends as 57014, which counts as the database being unavailable and opens its circuit
                statement.execute(
                        "SET LOCAL statement_timeout = " + wait.multipliedBy(2).toMillis());
                statement.execute("SET LOCAL lock_timeout = " + wait.toMillis());
            }
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "portkit:content_change:" + consumer);
                lock.execute();
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) { // lock_not_available: another delivery takes too long
                    return new Delivery(ChangeBatch.none(0), true);
                }
                throw e;
            }
            ChangeBatch batch = read(connection, null, acknowledged(connection, consumer), limit);
            if (!batch.isEmpty()) {
                handler.accept(batch);
                try (PreparedStatement acknowledge = connection.prepareStatement(
                        "INSERT INTO content_change_cursor (consumer, position) VALUES (?, ?) ON CONFLICT (consumer)"
                                + " DO UPDATE SET position = greatest(content_change_cursor.position,"
                                + " EXCLUDED.position)")) {
                    acknowledge.setString(1, consumer);
                    acknowledge.setLong(2, batch.end());
                    acknowledge.executeUpdate();
                }
            }
            connection.commit();
            committed = true;
            return new Delivery(batch, false);
        } finally {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    private static long acknowledged(Connection connection, String consumer) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT position FROM content_change_cursor WHERE consumer = ?")) {
            statement.setString(1, consumer);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * The changes after {@code position}, up to the feed's end, or to the consumer's position if one is given,
     * never splitting a transaction.
     */
    private static ChangeBatch read(Connection connection, String consumer, long position, int limit)
            throws SQLException {
        List<ContentChange> changes = new ArrayList<>();
        long bound;
        long purged;
        long lastSeq = 0;
        try (PreparedStatement statement =
                connection.prepareStatement(consumer == null ? READ_VISIBLE : READ_ACKNOWLEDGED)) {
            int index = 1;
            if (consumer != null) {
                statement.setString(index++, consumer);
            }
            statement.setLong(index++, position);
            statement.setInt(index, limit + 1);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next(); // the bound and the purge's position come with every row, and with none
                bound = rows.getLong(1);
                purged = rows.getLong(2);
                do {
                    long changePosition = rows.getLong(3);
                    if (!rows.wasNull()) {
                        changes.add(change(changePosition, rows.getString(5), rows.getString(6), rows.getString(7)));
                        lastSeq = rows.getLong(4);
                    }
                } while (rows.next());
            }
        }
        // a gap only where this read could have found changes: up to the bound (a consumer's position)
        boolean missed = position < Math.min(purged, bound - 1);
        if (changes.size() <= limit) {
            return new ChangeBatch(changes, Math.max(position, bound - 1), missed, false);
        }
        // one row too many: more follows. End at the last whole transaction, or read the rest of a long one.
        ContentChange extra = changes.remove(limit);
        long last = changes.get(limit - 1).position();
        if (extra.position() == last) {
            changes.add(extra);
            rest(connection, last, lastSeq, changes);
        }
        return new ChangeBatch(changes, last, missed, true);
    }

    /** The changes of the transaction at {@code position} after {@code seq}. */
    private static void rest(Connection connection, long position, long seq, List<ContentChange> changes)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT position, type, id, kind FROM content_change WHERE position = ? AND seq > ? ORDER BY seq")) {
            statement.setLong(1, position);
            statement.setLong(2, seq);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    changes.add(change(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
    }

    private static ContentChange change(long position, String type, String id, String kind) {
        return new ContentChange(
                position,
                new ContentType(type),
                new ContentId(id),
                ContentChange.Kind.valueOf(kind.toUpperCase(Locale.ROOT)));
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** What a delivery did, or that another process held the consumer too long. */
    private record Delivery(ChangeBatch batch, boolean busy) {}
}
