package dev.dmreplay.replay.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line numbers of a YAML (or JSON) document by JSON pointer ({@code /stack/leaves/0/name}), so that an error
 * found in the parsed tree can name the line it came from. The line of an object member is the line of its key.
 */
final class YamlLines {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {
    }

    static YamlLines of(String text) {
        YamlLines y = new YamlLines();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                String ptr = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                y.lines.putIfAbsent(ptr, p.getTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // the tree parser reports syntax errors; the lines found so far are still right
        }
        return y;
    }

    /** The line of {@code pointer}, or of its nearest ancestor that has one; -1 if none. */
    int line(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return -1;
            }
            p = p.substring(0, slash);
        }
    }
}
