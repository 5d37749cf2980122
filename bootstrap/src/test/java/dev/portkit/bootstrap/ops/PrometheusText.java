package dev.portkit.bootstrap.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small parser of the Prometheus text exposition format, strict enough for tests: every sample
 * line is {@code name{labels} value}, and every sample belongs to a family declared by
 * {@code # TYPE}.
 */
public final class PrometheusText {

    private static final Pattern TYPE = Pattern.compile(
            "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|gaugehistogram|info|stateset|unknown)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)( -?\\d+)?");
    private static final List<String> SUFFIXES =
            List.of("", "_total", "_created", "_count", "_sum", "_bucket", "_gcount", "_gsum", "_info");

    private PrometheusText() {}

    /** Parses the exposition and returns each sample ({@code name{labels}}) with its value. */
    public static Map<String, Double> parse(String text) {
        Set<String> families = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    families.add(type.group(1));
                } else if (!line.startsWith("# HELP ") && !line.equals("# EOF")) {
                    fail("unexpected comment line: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                fail("not a Prometheus sample line: " + line);
            }
            String name = sample.group(1);
            assertTrue(
                    SUFFIXES.stream()
                            .anyMatch(suffix -> name.endsWith(suffix)
                                    && families.contains(name.substring(0, name.length() - suffix.length()))),
                    "sample without a # TYPE before it: " + line);
            samples.put(name + (sample.group(2) == null ? "" : sample.group(2)), value(sample.group(3), line));
        }
        return samples;
    }

    private static double value(String raw, String line) {
        return switch (raw) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new AssertionError("not a sample value: " + line, e);
                }
            }
        };
    }
}
