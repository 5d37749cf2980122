package dev.portkit.testsupport.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's OpenAPI 3.1 document as a test oracle: every request a test sends and every response it
 * gets is checked against it, so the document cannot drift from the code.
 *
 * <p>A request is matched to an operation by method and path template; its path, query and header
 * parameters and its body are checked against their schemas. The response must be one the operation
 * documents: its status (explicitly, or {@code default} for an error), its headers (required ones
 * present, each matching its schema) and its body (media type and schema; none where none is
 * documented, and never for {@code HEAD}, 204 or 304). A request the document does not allow (no
 * such path or method, a parameter or body outside its schema) must get a 4xx, itself a documented
 * error. Schemas are checked by networknt's json-schema-validator with the OpenAPI 3.1 dialect.
 *
 * <pre>{@code
 * private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml");
 * HttpClient client = API.client(); // checks each exchange, throws AssertionError on a mismatch
 * }</pre>
 */
public final class OpenApiContract {

    private static final String DOCUMENT = "https://portkit.invalid/openapi.json";
    private static final String UNDOCUMENTED = "/components/responses/HttpError";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader STRICT = JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        String text = JSON.writeValueAsString(document);
        this.registry =
                SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT, text)));
        document.path("paths").propertyNames().forEach(path -> paths.add(new PathTemplate(path)));
    }

    /**
     * Loads a document from the classpath. Further documents add their {@code paths} (for routes
     * that exist only in a test); their {@code $ref}s point into the first document.
     */
    public static OpenApiContract fromClasspath(String document, String... extraPaths) {
        ObjectNode root = (ObjectNode) read(document);
        for (String extra : extraPaths) {
            ObjectNode more = (ObjectNode) read(extra).path("paths");
            ((ObjectNode) root.path("paths")).setAll(more);
        }
        return new OpenApiContract(root);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the classpath");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new HTTP client that checks every exchange against this document. */
    public HttpClient client() {
        return wrap(HttpClient.newBuilder().build());
    }

    /** {@code client}, checking every exchange against this document. */
    public HttpClient wrap(HttpClient client) {
        return new ContractHttpClient(client, this);
    }

    /** @throws AssertionError naming every way the exchange departs from the document */
    public void check(Exchange exchange) {
        List<String> problems = problems(exchange);
        if (!problems.isEmpty()) {
            throw new AssertionError("openapi.yaml does not describe " + exchange.request() + " -> "
                    + exchange.status() + ":\n  - " + String.join("\n  - ", problems) + "\n  response body: "
                    + excerpt(exchange.responseBody()));
        }
    }

    /** Every way the exchange departs from the document; empty when it conforms. */
    public List<String> problems(Exchange exchange) {
        Optional<Operation> operation = operation(exchange);
        List<String> requestProblems = operation
                .map(op -> requestProblems(op, exchange))
                .orElseGet(() -> List.of("no operation " + exchange.method() + " " + exchange.rawPath()));
        List<String> problems = new ArrayList<>();
        if (!requestProblems.isEmpty() && (exchange.status() < 400 || exchange.status() >= 500)) {
            problems.add("the document does not allow this request (" + String.join("; ", requestProblems)
                    + ") but the answer was " + exchange.status() + ", not a 4xx");
        }
        Node response = operation
                .map(op -> documentedResponse(op, exchange.status(), problems))
                .orElseGet(() -> at(UNDOCUMENTED));
        if (response != null) {
            problems.addAll(responseProblems(response, exchange));
        }
        return problems;
    }

    /** Why the document does not allow the request; empty when it does. */
    public List<String> requestProblems(Exchange exchange) {
        return operation(exchange)
                .map(op -> requestProblems(op, exchange))
                .orElseGet(() -> List.of("no operation " + exchange.method() + " " + exchange.rawPath()));
    }

    // --- operations ------------------------------------------------------------------------------

    private record Operation(Node node, Node pathItem, Map<String, String> pathParameters) {}

    private Optional<Operation> operation(Exchange exchange) {
        String path = exchange.rawPath();
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // Javalin ignores one trailing slash
        }
        PathTemplate best = null;
        Map<String, String> parameters = null;
        for (PathTemplate template : paths) {
            Map<String, String> match = template.match(path);
            if (match != null && (best == null || template.literals > best.literals)) {
                best = template;
                parameters = match;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Node pathItem = child(at("/paths"), best.text);
        Node operation = child(pathItem, exchange.method().toLowerCase(Locale.ROOT));
        return operation.value().isMissingNode()
                ? Optional.empty()
                : Optional.of(new Operation(operation, pathItem, parameters));
    }

    private List<String> requestProblems(Operation operation, Exchange exchange) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (!parseQuery(exchange.rawQuery(), query)) {
            problems.add("the query string is not valid percent-encoded UTF-8");
        }
        for (Node parameter : parameters(operation)) {
            String name = parameter.value().path("name").asString();
            String in = parameter.value().path("in").asString();
            boolean required = parameter.value().path("required").asBoolean(false);
            List<String> values = switch (in) {
                case "path" -> List.of(operation.pathParameters().get(name));
                case "query" -> query.getOrDefault(name, List.of());
                case "header" -> exchange.requestHeaders().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
                default -> List.of();
            };
            if (values.isEmpty()) {
                if (required) {
                    problems.add(in + " parameter " + name + " is missing");
                }
                continue;
            }
            if (in.equals("query") && values.size() > 1) {
                problems.add("query parameter " + name + " is given " + values.size() + " times");
                continue;
            }
            String value = in.equals("header") ? String.join(", ", values) : values.get(0);
            Node schema = resolve(child(parameter, "schema"));
            validate(schema, coerce(schema.value(), value))
                    .forEach(error -> problems.add(in + " parameter " + name + ": " + error));
        }
        problems.addAll(bodyProblems(operation, exchange));
        return problems;
    }

    private List<Node> parameters(Operation operation) {
        Map<String, Node> byKey = new LinkedHashMap<>();
        for (Node owner : List.of(operation.pathItem(), operation.node())) {
            Node list = child(owner, "parameters");
            for (int i = 0; i < list.value().size(); i++) {
                Node parameter = resolve(child(list, Integer.toString(i)));
                byKey.put(
                        parameter.value().path("in").asString() + ":"
                                + parameter.value().path("name").asString().toLowerCase(Locale.ROOT),
                        parameter);
            }
        }
        return List.copyOf(byKey.values());
    }

    private List<String> bodyProblems(Operation operation, Exchange exchange) {
        Node body = resolve(child(operation.node(), "requestBody"));
        if (body.value().isMissingNode()) {
            return List.of();
        }
        if (exchange.requestBody().length == 0) {
            return body.value().path("required").asBoolean(false) ? List.of("the body is missing") : List.of();
        }
        String mediaType = mediaType(exchange.requestHeader("Content-Type").orElse(""));
        Optional<Node> content = mediaTypeEntry(child(body, "content"), mediaType);
        if (content.isEmpty()) {
            return List.of("a body of type '" + mediaType + "' is not accepted");
        }
        return jsonProblems("the body", resolve(child(content.get(), "schema")), exchange.requestBody(), STRICT);
    }

    // --- responses -------------------------------------------------------------------------------

    private Node documentedResponse(Operation operation, int status, List<String> problems) {
        Node responses = child(operation.node(), "responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX")) {
            Node response = child(responses, key);
            if (!response.value().isMissingNode()) {
                return resolve(response);
            }
        }
        Node fallback = child(responses, "default");
        if (fallback.value().isMissingNode() || status < 400) {
            problems.add("status " + status + " is not documented for this operation");
            return null;
        }
        return resolve(fallback);
    }

    private List<String> responseProblems(Node response, Exchange exchange) {
        List<String> problems = new ArrayList<>();
        Node headers = child(response, "headers");
        for (Iterator<String> names = headers.value().propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            Node header = resolve(child(headers, name));
            Optional<String> value = exchange.responseHeader(name);
            if (value.isEmpty()) {
                if (header.value().path("required").asBoolean(false)) {
                    problems.add("header " + name + " is missing");
                }
                continue;
            }
            Node schema = resolve(child(header, "schema"));
            validate(schema, coerce(schema.value(), value.get()))
                    .forEach(error -> problems.add("header " + name + " '" + value.get() + "': " + error));
        }
        boolean noBody =
                exchange.method().equalsIgnoreCase("HEAD") || exchange.status() == 204 || exchange.status() == 304;
        Node content = child(response, "content");
        if (noBody || content.value().isMissingNode()) {
            if (exchange.responseBody().length > 0) {
                problems.add("a body where the document has none");
            }
            return problems;
        }
        String mediaType = mediaType(exchange.responseHeader("Content-Type").orElse(""));
        Optional<Node> entry = mediaTypeEntry(content, mediaType);
        if (entry.isEmpty()) {
            problems.add("Content-Type '" + mediaType + "' is not documented");
            return problems;
        }
        if (mediaType.endsWith("json")) {
            problems.addAll(jsonProblems(
                    "the body", resolve(child(entry.get(), "schema")), exchange.responseBody(), JSON.reader()));
        }
        return problems;
    }

    // --- schemas ---------------------------------------------------------------------------------

    private List<String> jsonProblems(String what, Node schema, byte[] body, ObjectReader reader) {
        if (schema.value().isMissingNode()) {
            return List.of();
        }
        JsonNode json;
        try {
            json = reader.readTree(body);
        } catch (JacksonException | NumberFormatException e) {
            return List.of(what + " is not JSON the document allows: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return validate(schema, json).stream().map(error -> what + ": " + error).toList();
    }

    private List<String> validate(Node schema, JsonNode value) {
        if (schema.value().isMissingNode()) {
            return List.of();
        }
        Schema compiled = schemas.computeIfAbsent(schema.pointer(), pointer -> compile(schema));
        try {
            return compiled.validate(value).stream().map(Error::toString).toList();
        } catch (RuntimeException e) {
            // networknt cannot compare some values (a number beyond a long with a minimum, say): out of range
            return List.of("a value is out of the range " + schema.pointer() + " allows (" + e.getMessage() + ")");
        }
    }

    /** The schema where it is in the document, so that its {@code #/components/...} references resolve. */
    private Schema compile(Node schema) {
        StringBuilder fragment = new StringBuilder();
        for (byte b : schema.pointer().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            fragment.append(plain || "/~-._".indexOf(c) >= 0 ? String.valueOf(c) : String.format("%%%02X", b & 0xFF));
        }
        return registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + fragment));
    }

    /** A parameter's text as the JSON value its schema expects: integers as numbers, else a string. */
    private static JsonNode coerce(JsonNode schema, String value) {
        String type = schema.path("type").asString("");
        if (type.equals("integer") && INTEGER.matcher(value).matches()) {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
        }
        return JsonNodeFactory.instance.stringNode(value);
    }

    // --- the document ----------------------------------------------------------------------------

    /** A node of the document and its JSON pointer. */
    private record Node(JsonNode value, String pointer) {}

    private Node at(String pointer) {
        return new Node(document.at(pointer), pointer);
    }

    private static Node child(Node node, String name) {
        JsonNode value = node.value().isArray()
                ? node.value().path(Integer.parseInt(name))
                : node.value().path(name);
        return new Node(value, node.pointer() + "/" + name.replace("~", "~0").replace("/", "~1"));
    }

    private Node resolve(Node node) {
        Node current = node;
        for (int hops = 0; current.value().has("$ref"); hops++) {
            String ref = current.value().get("$ref").asString();
            if (!ref.startsWith("#") || hops > 10) {
                throw new IllegalStateException("unsupported $ref " + ref + " at " + current.pointer());
            }
            current = at(ref.substring(1));
        }
        return current;
    }

    private static Optional<Node> mediaTypeEntry(Node content, String mediaType) {
        for (String key : List.of(mediaType, mediaType.replaceAll("/.*", "/*"), "*/*")) {
            Node entry = child(content, key);
            if (!entry.value().isMissingNode()) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** Splits a raw query into decoded names and values; false if it is not valid percent-encoded UTF-8. */
    static boolean parseQuery(String rawQuery, Map<String, List<String>> into) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return true;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            Optional<String> name = decode(equals < 0 ? part : part.substring(0, equals));
            Optional<String> value = decode(equals < 0 ? "" : part.substring(equals + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return false;
            }
            into.computeIfAbsent(name.get(), n -> new ArrayList<>()).add(value.get());
        }
        return true;
    }

    /** Strict percent-decoding ({@code +} is a space): empty for a bad escape or bytes that are not UTF-8. */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()
                        || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0x7E || c < 0x20) {
                return Optional.empty();
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    /** A path of the document, such as {@code /api/content/{type}}, matched segment by segment. */
    private static final class PathTemplate {

        final String text;
        final String[] segments;
        final int literals;

        PathTemplate(String text) {
            this.text = text;
            this.segments = text.split("/", -1);
            int count = 0;
            for (String segment : segments) {
                if (!segment.startsWith("{")) {
                    count++;
                }
            }
            this.literals = count;
        }

        /** The decoded path parameters when {@code rawPath} matches, else null. */
        Map<String, String> match(String rawPath) {
            String[] parts = rawPath.split("/", -1);
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < parts.length; i++) {
                Optional<String> decoded = decode(parts[i].replace("+", "%2B"));
                if (decoded.isEmpty()) {
                    return null;
                }
                if (segments[i].startsWith("{")) {
                    if (decoded.get().isEmpty()) {
                        return null;
                    }
                    parameters.put(segments[i].substring(1, segments[i].length() - 1), decoded.get());
                } else if (!segments[i].equals(decoded.get())) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
