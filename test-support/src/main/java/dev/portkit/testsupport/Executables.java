package dev.portkit.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the command-line tools the harness runs, such as {@code redis-server} and {@code openssl}. */
final class Executables {

    /** Searched after {@code PATH}, which IDEs and CI runners often set shorter than a login shell does. */
    private static final List<String> USUAL_DIRECTORIES = List.of("/usr/local/bin", "/usr/bin", "/opt/homebrew/bin");

    private Executables() {}

    /** Returns the first executable file called {@code name} on {@code PATH} or in the usual directories. */
    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Arrays.stream(path.split(File.pathSeparator)), USUAL_DIRECTORIES.stream())
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
