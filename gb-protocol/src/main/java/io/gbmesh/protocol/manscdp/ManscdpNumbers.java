package io.gbmesh.protocol.manscdp;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Number fields of MANSCDP bodies: strict where the protocol needs them, lenient where devices fill junk. */
final class ManscdpNumbers {

    private ManscdpNumbers() {
    }

    static long requireLong(String field, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ManscdpParseException(field + " is not a number: " + abbreviate(text));
        }
    }

    /** Absent or empty is absent; anything else must be an integer. */
    static OptionalInt strictInt(String field, Optional<String> text) {
        if (text.isEmpty() || text.get().isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            throw new ManscdpParseException(field + " is not a number: " + abbreviate(text.get()));
        }
    }

    /** Absent, empty or unreadable is absent: one junk optional field must not lose a whole catalog page. */
    static OptionalInt lenientInt(Optional<String> text) {
        try {
            return text.isEmpty() || text.get().isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static OptionalDouble lenientDouble(Optional<String> text) {
        try {
            return text.isEmpty() || text.get().isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text.get()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Plain decimal notation for the writer ({@code 0.00001}, never {@code 1.0E-5}). */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }
}
