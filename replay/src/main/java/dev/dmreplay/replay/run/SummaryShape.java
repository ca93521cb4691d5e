package dev.dmreplay.replay.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dmreplay.ingest.io.RunDirectoryException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code summary.json} against the shape of {@link RunSummary} before it is bound: every known field with
 * the JSON type its component has (a string, an integer, true/false, an object, an array), named with its file
 * line; and for a summary that names its run ({@code identity}, written by every replay since run directories carry
 * identities) every field of {@link RunSummary} and of its {@code result}. Summaries without an identity (older
 * run directories, other tools) keep their old latitude: missing fields stay empty, unknown fields are kept.
 */
final class SummaryShape {
    /** JSON value kinds, as a message names them. */
    private enum Kind {
        STRING("a string"), INTEGER("an integer"), BOOLEAN("true or false"), OBJECT("an object"), ARRAY("an array"),
        NUMBER("a number");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** Fields an identified summary may lack: {@code observe} is written only for a level below all. */
    private static final Set<String> OPTIONAL = Set.of("observe");

    private SummaryShape() {
    }

    static void check(String file, String text) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return; // not an object: reported by the caller
            }
            walk(file, p, RunSummary.class, "", seen);
        }
        if (!seen.contains("identity")) {
            return;
        }
        for (String required : required(RunSummary.class, "")) {
            if (!seen.contains(required)) {
                throw RunDirectoryException.of(file, "field '" + required + "' missing, expected "
                        + kind(typeOf(required)).words + " (a summary naming its run has every field)");
            }
        }
    }

    private static void walk(String file, JsonParser p, Class<?> type, String prefix, Set<String> seen)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            RecordComponent c = component(type, name);
            if (c == null || v == JsonToken.VALUE_NULL) {
                p.skipChildren(); // unknown fields are kept as they are; null is "not recorded"
                continue;
            }
            String path = prefix + name;
            Kind want = kind(c.getType());
            Kind got = kind(v);
            if (got != want && !(want == Kind.NUMBER && got == Kind.INTEGER)) {
                throw RunDirectoryException.atLine(file, p.currentLocation().getLineNr(), "field '" + path + "' is "
                        + got.words + ", expected " + want.words);
            }
            seen.add(path);
            if (c.getType().isRecord() && v == JsonToken.START_OBJECT) {
                walk(file, p, c.getType(), path + ".", seen);
            } else {
                p.skipChildren();
            }
        }
    }

    private static RecordComponent component(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The dotted paths every identified summary has: RunSummary's components and its result's. */
    private static Set<String> required(Class<?> type, String prefix) {
        Set<String> s = new LinkedHashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (OPTIONAL.contains(prefix + c.getName())) {
                continue;
            }
            s.add(prefix + c.getName());
            if (c.getType() == RunResult.class) {
                s.addAll(required(RunResult.class, prefix + c.getName() + "."));
            }
        }
        return s;
    }

    private static Class<?> typeOf(String path) {
        Class<?> t = RunSummary.class;
        for (String part : path.split("\\.")) {
            t = component(t, part).getType();
        }
        return t;
    }

    private static Kind kind(Class<?> t) {
        if (t == String.class || t.isEnum()) {
            return Kind.STRING;
        }
        if (t == long.class || t == int.class || t == Long.class || t == Integer.class) {
            return Kind.INTEGER;
        }
        if (t == double.class || t == Double.class) {
            return Kind.NUMBER;
        }
        if (t == boolean.class || t == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (Collection.class.isAssignableFrom(t)) {
            return Kind.ARRAY;
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return Kind.OBJECT;
        }
        throw new IllegalStateException("no JSON kind for " + t);
    }

    private static Kind kind(JsonToken v) {
        return switch (v) {
            case VALUE_STRING -> Kind.STRING;
            case VALUE_NUMBER_INT -> Kind.INTEGER;
            case VALUE_NUMBER_FLOAT -> Kind.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
            case START_OBJECT -> Kind.OBJECT;
            case START_ARRAY -> Kind.ARRAY;
            default -> throw new IllegalStateException("not a value: " + v);
        };
    }
}
