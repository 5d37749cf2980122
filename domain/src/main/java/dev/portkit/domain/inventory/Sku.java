package dev.portkit.domain.inventory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stock-keeping unit: the identifier of one item whose stock is counted, such as a ticket
 * category.
 *
 * @param value 1 to 64 characters: letters, digits, {@code .}, {@code _} and {@code -}, starting
 *     with a letter or digit
 */
public record Sku(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Sku {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a sku is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
