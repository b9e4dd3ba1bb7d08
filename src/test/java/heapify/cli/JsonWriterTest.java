package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON serializer behind {@code scan --json}. */
class JsonWriterTest {
    @Test
    void nestedValuesInKeyOrderWithTwoSpaceIndent() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 2);
        inner.put("a", Arrays.asList(true, null, "x"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("z", inner);
        doc.put("empty", List.of());
        doc.put("none", Map.of());
        doc.put("list", List.of(Map.of("k", 1L)));
        assertEquals("""
                {
                  "z": {
                    "b": 2,
                    "a": [true, null, "x"]
                  },
                  "empty": [],
                  "none": {},
                  "list": [
                    {
                      "k": 1
                    }
                  ]
                }
                """, JsonWriter.write(doc));
    }

    @Test
    void stringsAreEscaped() {
        // contract: quotes, backslashes and control characters are escaped; non-ASCII stays as is;
        // a lone surrogate becomes a \\u escape, so the document stays valid UTF-8
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001 \u00e9 \uD83D\uDE00 \\ud83d\"\n",
                JsonWriter.write("a\"b\\c\n\r\t\u0001 \u00e9 \uD83D\uDE00 \uD83D"));
    }

    @Test
    void unknownValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(new Object()));
    }
}
