package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import java.util.function.Supplier;

/**
 * Parses an option's text with a value parser ({@code Durations.parse}, {@code MemoryPressure.parse},
 * {@code Strategy.parse}, ...). Such parsers reject text with {@link IllegalArgumentException}; only here, around
 * the parse of one option's text, does that become bad input ({@link OptionException} naming the option).
 */
final class OptionValues {
    private OptionValues() {
    }

    static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw OptionException.of(option, e.getMessage());
        }
    }
}
