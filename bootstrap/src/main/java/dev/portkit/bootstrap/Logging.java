package dev.portkit.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.portkit.bootstrap.config.LogSettings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies the validated {@link LogSettings} to Logback: the level of portkit's loggers, and, for
 * {@code json}, one JSON object per line instead of logback.xml's text lines.
 */
final class Logging {

    private Logging() {}

    static void apply(LogSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger("dev.portkit").setLevel(Level.toLevel(settings.level(), Level.INFO));
        if (settings.json()) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            List<Appender<ILoggingEvent>> text = new ArrayList<>();
            root.iteratorForAppenders().forEachRemaining(text::add);
            root.addAppender(jsonAppender(context));
            text.forEach(appender -> {
                root.detachAppender(appender);
                appender.stop();
            });
        }
    }

    private static ConsoleAppender<ILoggingEvent> jsonAppender(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
