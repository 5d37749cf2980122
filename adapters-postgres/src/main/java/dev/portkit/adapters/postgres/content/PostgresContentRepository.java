package dev.portkit.adapters.postgres.content;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentPage;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.TimeOrderedIds;
import dev.portkit.domain.content.VersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ContentRepository} on PostgreSQL: one row per item in {@code content_item}, keyed by type and id,
 * shared by every instance on the same database and kept across restarts.
 *
 * <p>Ids are UUIDv7 made here ({@link TimeOrderedIds}), so listing by id lists in creation order; the id
 * column sorts bytewise ({@code COLLATE "C"}) and the primary key serves each page ({@code id > ? ORDER BY id
 * LIMIT n + 1}). Conditional writes are one {@code UPDATE}/{@code DELETE ... WHERE version = ?}; only when it
 * changes nothing is the row read again, to tell a missing item from a conflict. Every write also appends its
 * change to {@code content_change} in the same statement, so in the same transaction ({@link
 * PostgresContentChanges} reads them). The item's JSON is stored as
 * {@code json}, which keeps its text exactly. {@code updatedAt} comes from the given clock, in milliseconds.
 *
 * <p>A database that cannot be reached throws {@link dev.portkit.domain.source.SourceOfTruthUnavailableException}.
 */
public final class PostgresContentRepository implements ContentRepository {

    private static final String COLUMNS = "type, id, version, updated_at, data::text";

    private final PostgresDatabase database;
    private final Clock clock;
    private final TimeOrderedIds ids;

    public PostgresContentRepository(PostgresDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new TimeOrderedIds(clock);
    }

    @Override
    public Optional<ContentItem> find(ContentType type, ContentId id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        return database.call("content.find", connection -> select(connection, type, id));
    }

    @Override
    public ContentPage list(ContentType type, Optional<ContentId> after, int limit) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return database.call("content.list", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM content_item WHERE type = ? AND id > ? ORDER BY id LIMIT ?")) {
                statement.setString(1, type.name());
                statement.setString(2, after.map(ContentId::value).orElse(""));
                statement.setInt(3, limit + 1);
                List<ContentItem> items = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        items.add(item(rows));
                    }
                }
                boolean hasMore = items.size() > limit;
                return new ContentPage(hasMore ? items.subList(0, limit) : items, hasMore);
            }
        });
    }

    @Override
    public ContentItem create(ContentType type, ContentData data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        ContentItem item = new ContentItem(type, ids.next(), 1, now(), data);
        return database.call("content.create", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("WITH created AS (INSERT INTO content_item"
                    + " (type, id, version, updated_at, data) VALUES (?, ?, 1, ?, ?::json) RETURNING type, id)"
                    + " INSERT INTO content_change (type, id, kind) SELECT type, id, 'created' FROM created")) {
                statement.setString(1, type.name());
                statement.setString(2, item.id().value());
                statement.setObject(3, timestamp(item.updatedAt()));
                statement.setString(4, data.json());
                statement.executeUpdate();
                return item;
            }
        });
    }

    @Override
    public ContentItem update(ContentType type, ContentId id, ContentData data, OptionalLong expectedVersion) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        Instant updatedAt = now();
        return database.call("content.update", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("WITH updated AS (UPDATE content_item"
                    + " SET version = version + 1, updated_at = ?, data = ?::json"
                    + " WHERE type = ? AND id = ? AND (? OR version = ?) RETURNING type, id, version),"
                    + " logged AS (INSERT INTO content_change (type, id, kind) SELECT type, id, 'updated' FROM updated)"
                    + " SELECT version FROM updated")) {
                statement.setObject(1, timestamp(updatedAt));
                statement.setString(2, data.json());
                statement.setString(3, type.name());
                statement.setString(4, id.value());
                statement.setBoolean(5, expectedVersion.isEmpty());
                statement.setLong(6, expectedVersion.orElse(0));
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return new ContentItem(type, id, row.getLong(1), updatedAt, data);
                    }
                }
            }
            throw refusal(connection, type, id, expectedVersion);
        });
    }

    @Override
    public void delete(ContentType type, ContentId id, OptionalLong expectedVersion) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        database.call("content.delete", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("WITH deleted AS (DELETE FROM content_item"
                    + " WHERE type = ? AND id = ? AND (? OR version = ?) RETURNING type, id)"
                    + " INSERT INTO content_change (type, id, kind) SELECT type, id, 'deleted' FROM deleted")) {
                statement.setString(1, type.name());
                statement.setString(2, id.value());
                statement.setBoolean(3, expectedVersion.isEmpty());
                statement.setLong(4, expectedVersion.orElse(0));
                if (statement.executeUpdate() == 1) {
                    return null;
                }
            }
            throw refusal(connection, type, id, expectedVersion);
        });
    }

    /** Why a conditional write changed nothing: the item is gone, or its version moved on. */
    private static RuntimeException refusal(
            Connection connection, ContentType type, ContentId id, OptionalLong expectedVersion) throws SQLException {
        Optional<ContentItem> current = select(connection, type, id);
        if (current.isEmpty()) {
            return new ContentNotFoundException(type, id.value());
        }
        return new VersionConflictException(current.get(), expectedVersion.orElseThrow());
    }

    private static Optional<ContentItem> select(Connection connection, ContentType type, ContentId id)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM content_item WHERE type = ? AND id = ?")) {
            statement.setString(1, type.name());
            statement.setString(2, id.value());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(item(row)) : Optional.empty();
            }
        }
    }

    private static ContentItem item(ResultSet row) throws SQLException {
        return new ContentItem(
                new ContentType(row.getString(1)),
                new ContentId(row.getString(2)),
                row.getLong(3),
                row.getObject(4, OffsetDateTime.class).toInstant(),
                new ContentData(row.getString(5)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
