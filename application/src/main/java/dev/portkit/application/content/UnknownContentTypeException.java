package dev.portkit.application.content;

import dev.portkit.domain.content.ContentType;
import java.util.List;
import java.util.stream.Collectors;

/** A request named a content type that is not configured. */
public final class UnknownContentTypeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String name;

    UnknownContentTypeException(String name, List<ContentType> known) {
        super(
                "There is no content type \"" + shorten(name) + "\"; the types are "
                        + known.stream().map(ContentType::name).collect(Collectors.joining(", ")) + ".",
                null,
                false,
                false);
        this.name = name;
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }

    private static String shorten(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 37) + "...";
    }
}
