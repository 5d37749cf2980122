package dev.portkit.adapters.http.content;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.ErrorResponses;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.application.content.Cached;
import dev.portkit.application.content.ContentTag;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.InvalidCursorException;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.PreconditionFailedException;
import dev.portkit.application.content.UnknownContentTypeException;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.VersionConflictException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content API.
 *
 * <ul>
 *   <li>{@code GET /api/content/{type}?limit=&cursor=}: a page of items, oldest first.
 *   <li>{@code POST /api/content/{type}} with {@code {"data":{...}}}: 201 and the new item.
 *   <li>{@code GET /api/content/{type}/{id}}: the item, with an {@code ETag}; 304 for a matching
 *       {@code If-None-Match}.
 *   <li>{@code PUT /api/content/{type}/{id}} with {@code {"data":{...}}}: the next version; {@code
 *       If-Match} or a {@code "version"} in the body make it conditional (412 or 409 when stale).
 *   <li>{@code DELETE /api/content/{type}/{id}}: 204; {@code If-Match} makes it conditional.
 * </ul>
 *
 * <p>{@code HEAD} answers as {@code GET} without the body. Reads say whether the cache served them in {@code X-Cache: HIT|MISS} and carry {@code
 * Cache-Control: no-cache}, so clients and proxies may store them but must revalidate. Every error
 * is JSON {@code {"error","message"}}. The routes are open: authentication, when added, is a {@code
 * before} handler on {@link #PATHS}.
 */
public final class ContentRoutes implements HttpRoutes {

    /** Every path of the content API, for {@code before} handlers. */
    public static final String PATHS = "/api/content/*";

    static final String X_CACHE = "X-Cache";

    private static final String COLLECTION = "/api/content/{type}";
    private static final String ITEM = "/api/content/{type}/{id}";
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");
    private static final int MAX_ECHO = 64;

    private final GetContent getContent;
    private final ListContent listContent;
    private final CreateContent createContent;
    private final UpdateContent updateContent;
    private final DeleteContent deleteContent;
    private final ContentJson json;

    public ContentRoutes(
            GetContent getContent,
            ListContent listContent,
            CreateContent createContent,
            UpdateContent updateContent,
            DeleteContent deleteContent,
            JsonMapper jsonMapper) {
        this.getContent = Objects.requireNonNull(getContent, "getContent");
        this.listContent = Objects.requireNonNull(listContent, "listContent");
        this.createContent = Objects.requireNonNull(createContent, "createContent");
        this.updateContent = Objects.requireNonNull(updateContent, "updateContent");
        this.deleteContent = Objects.requireNonNull(deleteContent, "deleteContent");
        this.json = new ContentJson(jsonMapper);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(COLLECTION, this::list);
        routes.head(COLLECTION, this::list);
        routes.post(COLLECTION, this::create);
        routes.get(ITEM, this::get);
        routes.head(ITEM, this::get);
        routes.put(ITEM, this::update);
        routes.delete(ITEM, this::delete);
    }

    @Override
    public void mapErrors(ErrorResponses errors) {
        errors.map(UnknownContentTypeException.class, HttpStatus.NOT_FOUND, "unknown_type", Exception::getMessage)
                .map(
                        ContentNotFoundException.class,
                        HttpStatus.NOT_FOUND,
                        "not_found",
                        e -> "There is no " + e.type().name() + " with id \"" + echo(e.id()) + "\".")
                .map(InvalidCursorException.class, HttpStatus.BAD_REQUEST, "invalid_cursor", Exception::getMessage)
                .map(
                        PreconditionFailedException.class,
                        HttpStatus.PRECONDITION_FAILED,
                        "precondition_failed",
                        Exception::getMessage,
                        (e, ctx) -> ctx.header(Header.ETAG, EntityTags.format(ContentTag.of(e.current()))))
                .map(
                        VersionConflictException.class,
                        HttpStatus.CONFLICT,
                        "version_conflict",
                        e -> "The " + e.current().type().name() + " "
                                + e.current().id() + " is at version "
                                + e.current().version() + ", not " + e.expectedVersion()
                                + "; read it again and reapply your change.",
                        (e, ctx) -> ctx.header(Header.ETAG, EntityTags.format(ContentTag.of(e.current()))));
    }

    private void list(Context ctx) {
        ListContent.Query query =
                new ListContent.Query(ctx.pathParam("type"), single(ctx, "cursor", "invalid_cursor"), limit(ctx));
        Cached<ListContent.Page> page = listContent.list(query);
        readHeaders(ctx, page.hit());
        respond(ctx, json.page(page.value()));
    }

    private void get(Context ctx) {
        Cached<ContentItem> read = getContent.get(ctx.pathParam("type"), ctx.pathParam("id"));
        ContentTag tag = ContentTag.of(read.value());
        readHeaders(ctx, read.hit());
        ctx.header(Header.ETAG, EntityTags.format(tag));
        if (EntityTags.noneMatchHits(ctx.header(Header.IF_NONE_MATCH), tag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            ctx.res().setContentType(null); // no body, so no body type
            return;
        }
        respond(ctx, json.item(read.value()));
    }

    private void create(Context ctx) {
        ContentJson.Write write = json.parseWrite(ctx.header(Header.CONTENT_TYPE), ctx.bodyAsBytes());
        ContentItem created = createContent.create(new CreateContent.Command(ctx.pathParam("type"), write.data()));
        ctx.status(HttpStatus.CREATED)
                .header(
                        Header.LOCATION,
                        "/api/content/" + created.type().name() + "/"
                                + created.id().value())
                .header(Header.ETAG, EntityTags.format(ContentTag.of(created)));
        respond(ctx, json.item(created));
    }

    private void update(Context ctx) {
        Optional<Set<ContentTag>> ifMatch = EntityTags.ifMatch(ctx.header(Header.IF_MATCH));
        ContentJson.Write write = json.parseWrite(ctx.header(Header.CONTENT_TYPE), ctx.bodyAsBytes());
        ContentItem updated = updateContent.update(new UpdateContent.Command(
                ctx.pathParam("type"), ctx.pathParam("id"), write.data(), write.version(), ifMatch));
        ctx.header(Header.ETAG, EntityTags.format(ContentTag.of(updated)));
        respond(ctx, json.item(updated));
    }

    private void delete(Context ctx) {
        deleteContent.delete(new DeleteContent.Command(
                ctx.pathParam("type"), ctx.pathParam("id"), EntityTags.ifMatch(ctx.header(Header.IF_MATCH))));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static void readHeaders(Context ctx, boolean hit) {
        ctx.header(X_CACHE, hit ? "HIT" : "MISS").header(Header.CACHE_CONTROL, "no-cache");
    }

    private static int limit(Context ctx) {
        Optional<String> raw = single(ctx, "limit", "invalid_limit");
        if (raw.isEmpty()) {
            return ListContent.DEFAULT_LIMIT;
        }
        int limit = LIMIT.matcher(raw.get()).matches() ? Integer.parseInt(raw.get()) : 0;
        if (limit < 1 || limit > ListContent.MAX_LIMIT) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_limit",
                    "limit must be a whole number from 1 to " + ListContent.MAX_LIMIT + ".");
        }
        return limit;
    }

    /** A query parameter given at most once. */
    private static Optional<String> single(Context ctx, String name, String code) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code, name + " may be given only once.");
        }
        return values.stream().findFirst();
    }

    /** A client-supplied value, safe and short enough to repeat in a message. */
    private static String echo(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= MAX_ECHO ? printable : printable.substring(0, MAX_ECHO - 3) + "...";
    }

    private static void respond(Context ctx, byte[] json) {
        ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    }
}
