import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Copies this project into a new directory under a new Maven group id, base package and name, and
 * formats the copy so that its build passes. Needs only the JDK (17+); run it from anywhere:
 *
 * <pre>
 * java scripts/Fork.java --group com.acme --package com.acme.orders --name orders ../orders
 * </pre>
 *
 * <p>It copies the files git tracks (or, outside a git checkout, every file but {@code target/},
 * {@code .git/} and the top-level {@code data/}), keeping dotfiles and executable bits, and renames
 * in every text file and in every path:
 *
 * <ul>
 *   <li>the group id, in {@code <groupId>} elements;
 *   <li>the base package, dotted (imports, logback loggers, the jar's main class, {@code
 *       META-INF/services} files, scripts) and as directories;
 *   <li>the name, every occurrence of its three case forms: lowercase (artifact ids, the jar, the
 *       Redis key prefix, metric names, log lines, text), capitalised (class names such as {@code
 *       InMemoryX}) and uppercase (variables such as {@code X_...}).
 * </ul>
 *
 * <p>The current group, package and name are read from the project itself (the root pom's {@code
 * groupId} and {@code <name>-parent} artifactId, the package all Java sources share), so a fork
 * can fork again. {@link #COPIED_AS_IS} lists what is deliberately not renamed. It never changes
 * the original, writes only into a new or empty directory and initialises nothing else (no git).
 *
 * <p>Exit codes: 0 done; 1 the fork failed (the message says what is left in the directory); 2
 * invalid arguments.
 */
final class Fork {

    /**
     * Files copied byte for byte and kept at their path. Deliberately short: the Maven Wrapper is
     * Apache's code (refresh it with {@code ./mvnw wrapper:wrapper}) and names no product; when a
     * fork forks again, its name must not reach into it. Also copied as they are: files that are
     * not UTF-8 text (their paths are still renamed). Not renamed anywhere: the module directories
     * ({@code domain}, {@code adapters-redis}, ...) and the version.
     */
    static final List<String> COPIED_AS_IS = List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/");

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final String USAGE = """
            usage: java scripts/Fork.java --group GROUP --package PACKAGE --name NAME DIRECTORY
              --group    the new Maven group id, e.g. com.acme
              --package  the new base Java package, e.g. com.acme.orders
              --name     the new name: artifact ids, the jar, class and variable names, e.g. orders
              DIRECTORY  where the fork goes: a new or empty directory outside this project""";

    /** Reserved words and literals: none can be a package part or a variable name. */
    private static final Set<String> JAVA_KEYWORDS = Set.of("""
            abstract assert boolean break byte case catch char class const continue default do double else
            enum extends final finally float for goto if implements import instanceof int interface long
            native new package private protected public return short static strictfp super switch
            synchronized this throw throws transient try void volatile while true false null _""".split("\\s+"));

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("fork: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
        } catch (FailedException e) {
            System.err.println("fork: " + e.getMessage());
            System.exit(EXIT_FAILED);
        }
    }

    private static int run(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return 0;
        }
        Arguments arguments = Arguments.parse(args);
        Path root = projectRoot();
        Path target = checkTarget(root, arguments.directory());
        List<String> files = projectFiles(root);
        Identity from = Identity.of(root, files);
        Identity to = new Identity(arguments.group(), arguments.packageName(), arguments.name());
        if (!to.name().equals(from.name())) {
            refuseNameAlreadyInTheCode(root, files, to.name());
        }
        Renamer renamer = new Renamer(from, to);
        Map<String, String> copies = plan(files, renamer);

        System.out.printf(
                "Forking %s (group %s, package %s) as %s (group %s, package %s) into %s%n",
                from.name(), from.group(), from.packageName(), to.name(), to.group(), to.packageName(), target);
        try {
            Files.createDirectories(target);
            for (Map.Entry<String, String> copy : copies.entrySet()) {
                copy(
                        root.resolve(copy.getKey()),
                        target.resolve(copy.getValue()),
                        renamer,
                        isCopiedAsIs(copy.getKey()));
            }
        } catch (IOException | UncheckedIOException e) {
            deleteContents(target);
            throw new FailedException("copying failed, nothing is left in " + target + ": " + e.getMessage());
        }
        System.out.printf("Copied %d files; formatting with ./mvnw spotless:apply%n", copies.size());
        format(target, mavenProfiles(root));
        removeBuildOutput(target, copies.values());

        System.out.printf("%nDone. The new project (not a git repository yet) is in %s. Next:%n%n", target);
        System.out.println("cd " + arguments.directory());
        twoCommands(target.resolve("README.md")).forEach(System.out::println);
        return 0;
    }

    // ---- Arguments ----------------------------------------------------------------------------

    record Arguments(String group, String packageName, String name, String directory) {

        private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
        private static final Pattern PACKAGE_PART = Pattern.compile("[a-z_][a-z0-9_]*");
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,31}");

        static Arguments parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--")) {
                    int equals = arg.indexOf('=');
                    String option = equals < 0 ? arg : arg.substring(0, equals);
                    if (!Set.of("--group", "--package", "--name").contains(option)) {
                        throw new UsageException("unknown option " + option);
                    }
                    String value;
                    if (equals >= 0) {
                        value = arg.substring(equals + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException(option + " needs a value");
                    }
                    if (options.put(option, value) != null) {
                        throw new UsageException(option + " is given twice");
                    }
                } else {
                    positional.add(arg);
                }
            }
            for (String required : List.of("--group", "--package", "--name")) {
                if (!options.containsKey(required)) {
                    throw new UsageException(required + " is missing");
                }
            }
            if (positional.size() != 1) {
                throw new UsageException(
                        positional.isEmpty()
                                ? "the directory to fork into is missing"
                                : "give one directory, not " + positional);
            }
            return new Arguments(
                    group(options.get("--group")),
                    packageName(options.get("--package")),
                    name(options.get("--name")),
                    positional.get(0));
        }

        private static String group(String group) {
            if (!GROUP.matcher(group).matches()) {
                throw new UsageException("--group \"" + group + "\" is not a Maven group id: dot-separated parts of"
                        + " letters, digits, _ and -, e.g. com.acme");
            }
            return group;
        }

        private static String packageName(String packageName) {
            for (String part : packageName.split("\\.", -1)) {
                if (!PACKAGE_PART.matcher(part).matches()) {
                    throw new UsageException("--package \"" + packageName + "\" is not a Java package name: \"" + part
                            + "\" must be lowercase letters, digits and _, not starting with a digit (e.g."
                            + " com.acme.orders)");
                }
                if (JAVA_KEYWORDS.contains(part)) {
                    throw new UsageException("--package \"" + packageName + "\": \"" + part + "\" is a Java keyword");
                }
            }
            return packageName;
        }

        private static String name(String name) {
            if (!NAME.matcher(name).matches() || JAVA_KEYWORDS.contains(name)) {
                throw new UsageException("--name \"" + name + "\" is not allowed: it becomes artifact ids, the jar's"
                        + " name, class and variable names and a user name, so it must be 1 to 32 lowercase letters"
                        + " and digits starting with a letter, and not a Java keyword (e.g. orders)");
            }
            return name;
        }
    }

    // ---- What is renamed into what --------------------------------------------------------------

    /** A project's Maven group id, base Java package and lowercase name. */
    record Identity(String group, String packageName, String name) {

        /** Reads the identity of the project in {@code root}: its root pom and its Java sources. */
        static Identity of(Path root, List<String> files) {
            Element pom = parseXml(root.resolve("pom.xml"));
            String group = childText(pom, "groupId");
            String artifact = childText(pom, "artifactId");
            if (group == null || artifact == null || !artifact.endsWith("-parent")) {
                throw new FailedException(root.resolve("pom.xml") + " should have a groupId and an artifactId"
                        + " NAME-parent, from which the fork learns the current group and name");
            }
            return new Identity(
                    group, basePackage(files), artifact.substring(0, artifact.length() - "-parent".length()));
        }

        /** The package every Java source file is in or under, e.g. dev.example. */
        private static String basePackage(List<String> files) {
            Pattern source = Pattern.compile("(?:.*/)?src/[^/]+/java/(.+)/[^/]+\\.java");
            List<String> common = null;
            for (String file : files) {
                Matcher matcher = source.matcher(file);
                if (matcher.matches()) {
                    List<String> parts = List.of(matcher.group(1).split("/"));
                    if (common == null) {
                        common = parts;
                    } else {
                        int same = 0;
                        while (same < common.size()
                                && same < parts.size()
                                && common.get(same).equals(parts.get(same))) {
                            same++;
                        }
                        common = common.subList(0, same);
                    }
                }
            }
            if (common == null || common.isEmpty()) {
                throw new FailedException("cannot tell the base package: the Java sources share no package");
            }
            return String.join(".", common);
        }
    }

    /**
     * Renames text in one pass (so that nothing is renamed twice): the group in {@code <groupId>}
     * elements, the base package dotted and as a path, then every occurrence of the name in its
     * three case forms, also inside longer words ({@code InMemoryX}, {@code X_TEST_REDIS_URL}).
     */
    static final class Renamer {

        private final Pattern pattern;
        private final Identity to;

        Renamer(Identity from, Identity to) {
            this.to = to;
            String name = from.name();
            this.pattern = Pattern.compile(String.join(
                    "|",
                    "(?<group><groupId>\\s*" + Pattern.quote(from.group()) + "\\s*</groupId>)",
                    "(?<package>(?<![\\w.-])" + Pattern.quote(from.packageName()) + "(?![\\w-]))",
                    "(?<path>(?<![\\w.-])" + Pattern.quote(from.packageName().replace('.', '/')) + "(?![\\w-]))",
                    "(?<lower>" + Pattern.quote(name) + ")",
                    "(?<capitalised>" + Pattern.quote(capitalised(name)) + ")",
                    "(?<upper>" + Pattern.quote(name.toUpperCase(Locale.ROOT)) + ")"));
        }

        String rename(String text) {
            Matcher matcher = pattern.matcher(text);
            StringBuilder renamed = new StringBuilder(text.length());
            while (matcher.find()) {
                matcher.appendReplacement(renamed, Matcher.quoteReplacement(replacement(matcher)));
            }
            return matcher.appendTail(renamed).toString();
        }

        private String replacement(Matcher matcher) {
            if (matcher.group("group") != null) {
                return "<groupId>" + to.group() + "</groupId>";
            } else if (matcher.group("package") != null) {
                return to.packageName();
            } else if (matcher.group("path") != null) {
                return to.packageName().replace('.', '/');
            } else if (matcher.group("lower") != null) {
                return to.name();
            } else if (matcher.group("capitalised") != null) {
                return capitalised(to.name());
            }
            return to.name().toUpperCase(Locale.ROOT);
        }

        static String capitalised(String name) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    /**
     * Refuses a new name that already occurs, in any case form, in the build's sources (files under
     * {@code src/} without their Java and XML comments, and the poms). Renaming {@code x} to {@code
     * content} would turn {@code XConfig} into the existing {@code ContentConfig}; and the fork's own
     * CI, which forks it again, renames every occurrence of the name, so the name must be its own.
     */
    private static void refuseNameAlreadyInTheCode(Path root, List<String> files, String name) {
        Pattern occurrence =
                Pattern.compile(name + "|" + Renamer.capitalised(name) + "|" + name.toUpperCase(Locale.ROOT));
        for (String file : files) {
            boolean source = file.startsWith("src/") || file.contains("/src/");
            if (!source && !file.equals("pom.xml") && !file.endsWith("/pom.xml")) {
                continue;
            }
            String text = text(root.resolve(file));
            if (text == null) {
                continue;
            }
            String code = file.endsWith(".java")
                    ? withoutJavaComments(text)
                    : file.endsWith(".xml") ? text.replaceAll("(?s)<!--.*?-->", "") : text;
            Matcher matcher = occurrence.matcher(code);
            if (matcher.find()) {
                int line = code.substring(0, matcher.start()).split("\n", -1).length;
                throw new UsageException("--name " + name + ": \"" + matcher.group() + "\" is already in the code ("
                        + file + ":" + line + "); renaming to it would mix up two different things. Choose a name"
                        + " that the code does not use yet");
            }
        }
    }

    /** Java source with its comments blanked out (newlines kept); string literals stay. */
    static String withoutJavaComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(c -> c == '\n').forEach(c -> code.append('\n'));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                code.append(source, i, end);
                i = end;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
                code.append(source, i, end);
                i = end;
            } else {
                code.append(source.charAt(i++));
            }
        }
        return code.toString();
    }

    // ---- Files -------------------------------------------------------------------------------

    /** The directory this program's project is in: the parent of its {@code scripts/} directory. */
    private static Path projectRoot() {
        try {
            Path self = Path.of(Fork.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path root = self.toAbsolutePath().getParent().getParent();
            if (root != null && Files.isRegularFile(root.resolve("pom.xml"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not run as a source file: fall back to the working directory
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(cwd.resolve("pom.xml"))) {
            throw new FailedException("run it as java scripts/Fork.java from the project to fork");
        }
        return cwd;
    }

    private static Path checkTarget(Path root, String directory) {
        Path target = Path.of(directory).toAbsolutePath().normalize();
        if (target.startsWith(root) || root.startsWith(target)) {
            throw new UsageException(directory + " is inside the project (or contains it): fork into a directory"
                    + " outside " + root + ", e.g. ../" + target.getFileName());
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target)) {
                throw new UsageException(directory + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException(directory + " is not empty: fork into a new or empty directory");
                }
            } catch (IOException e) {
                throw new FailedException("cannot read " + target + ": " + e.getMessage());
            }
        }
        return target;
    }

    /** The files to copy, relative to {@code root} with {@code /} separators, sorted. */
    static List<String> projectFiles(Path root) {
        if (Files.exists(root.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "ls-files", "-z")
                        .directory(root.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                String listing = new String(git.getInputStream().readAllBytes(), UTF_8);
                if (git.waitFor() == 0) {
                    return Stream.of(listing.split("\0"))
                            .filter(file -> !file.isEmpty())
                            .filter(file -> Files.isRegularFile(root.resolve(file), LinkOption.NOFOLLOW_LINKS)
                                    || Files.isSymbolicLink(root.resolve(file)))
                            .sorted()
                            .toList();
                }
            } catch (IOException e) {
                // no git: walk the tree instead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FailedException("interrupted");
            }
            System.err.println("fork: git ls-files failed; copying every file but target/, .git/ and data/");
        }
        List<String> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = String.valueOf(dir.getFileName());
                    boolean skipped = name.equals("target") || name.equals(".git") || dir.equals(root.resolve("data"));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    files.add(root.relativize(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), "/"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new FailedException("cannot list " + root + ": " + e.getMessage());
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /** Where each file goes; fails if two files would land on the same path. */
    private static Map<String, String> plan(List<String> files, Renamer renamer) {
        Map<String, String> copies = new LinkedHashMap<>();
        Map<String, String> sources = new TreeMap<>();
        for (String file : files) {
            String renamed = isCopiedAsIs(file) ? file : renamer.rename(file);
            String clash = sources.put(renamed, file);
            if (clash != null) {
                throw new FailedException(clash + " and " + file + " would both become " + renamed);
            }
            copies.put(file, renamed);
        }
        return copies;
    }

    static boolean isCopiedAsIs(String file) {
        return COPIED_AS_IS.stream().anyMatch(kept -> kept.endsWith("/") ? file.startsWith(kept) : file.equals(kept));
    }

    private static void copy(Path source, Path target, Renamer renamer, boolean asIs) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            return;
        }
        String text = asIs ? null : text(source);
        if (text == null) {
            Files.copy(source, target);
        } else {
            Files.writeString(target, renamer.rename(text));
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(source, PosixFileAttributeView.class);
        if (posix != null) {
            Files.setPosixFilePermissions(target, posix.readAttributes().permissions());
        } else if (Files.isExecutable(source) && !target.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + target + " executable");
        }
    }

    /** The file's text, or null if it is not UTF-8 text (binary files are copied as they are). */
    static String text(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteContents(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(directory))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("fork: could not clean up " + directory + ": " + e.getMessage());
        }
    }

    /** Deletes the target/ directories that formatting created (Spotless keeps an index there). */
    private static void removeBuildOutput(Path target, Collection<String> copied) {
        List<Path> outputs;
        try (Stream<Path> paths = Files.walk(target)) {
            outputs = paths.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> path.getFileName().toString().equals("target"))
                    .filter(path -> copied.stream()
                            .noneMatch(file -> target.resolve(file).startsWith(path)))
                    .toList();
        } catch (IOException e) {
            throw new FailedException("cannot list " + target + ": " + e.getMessage());
        }
        for (Path output : outputs) {
            deleteContents(output);
            output.toFile().delete();
        }
    }

    // ---- Formatting and the next steps ------------------------------------------------------------

    /**
     * Renaming changes import order and line lengths, which the build's formatter checks, so the
     * copy is formatted by its own build, with every profile on so that modules built only in a
     * profile are formatted too.
     */
    private static void format(Path target, List<String> profiles) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-q"));
        if (!profiles.isEmpty()) {
            command.add("-P" + String.join(",", profiles));
        }
        command.add("spotless:apply");
        try {
            int exit = new ProcessBuilder(command)
                    .directory(target.toFile())
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new FailedException("the copy in " + target + " is complete but not formatted: "
                        + String.join(" ", command) + " failed (exit " + exit + "); run it there yourself");
            }
        } catch (IOException e) {
            throw new FailedException("the copy in " + target + " is complete but not formatted: cannot run "
                    + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailedException("interrupted while formatting " + target);
        }
    }

    private static List<String> mavenProfiles(Path root) {
        List<String> ids = new ArrayList<>();
        Element profiles = child(parseXml(root.resolve("pom.xml")), "profiles");
        if (profiles != null) {
            for (Node node = profiles.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element profile && profile.getTagName().equals("profile")) {
                    String id = childText(profile, "id");
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    /** The code block under the README's "two commands" heading, or a pointer to the README. */
    private static List<String> twoCommands(Path readme) {
        String text = Files.isRegularFile(readme) ? text(readme) : null;
        if (text != null) {
            Matcher block = Pattern.compile("(?ims)^#+ [^\\n]*two commands[^\\n]*\\n.*?^```[a-z]*\\n(.*?)^```")
                    .matcher(text);
            if (block.find()) {
                return block.group(1).lines().filter(line -> !line.isBlank()).toList();
            }
        }
        return List.of("# see README.md for how to run the service and its tests");
    }

    // ---- XML ---------------------------------------------------------------------------------

    private static Element parseXml(Path file) {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(file.toFile())
                    .getDocumentElement();
        } catch (Exception e) {
            throw new FailedException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    /** Wrong arguments: exit 2 with the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The fork could not be made: exit 1. */
    static final class FailedException extends RuntimeException {
        FailedException(String message) {
            super(message);
        }
    }
}
