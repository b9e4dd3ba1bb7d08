package heapify.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #10 over the goldens: no method, getter or slot of a type whose instances cache the
 * module state looks it up ({@code PyType_GetModuleByDef}, {@code PyType_GetModuleState}, an MRO
 * walk, a METH_METHOD adapter); a binary slot calls the two-operand lookup only after its
 * own-operand check. Read from the generated C itself, not from heapify's decisions.
 */
class GoldenStateAccessTest {
    private static final Path GOLDEN = Path.of(System.getProperty("heapify.root", ".")).resolve("golden");
    private static final Pattern STRUCT = Pattern.compile("(?s)typedef struct \\{([^{}]*)\\} (\\w+);");
    private static final Pattern CACHED_MEMBER = Pattern.compile("struct \\w+_state \\*(?:state|module_state);");
    private static final Pattern SPEC = Pattern.compile(
            "(?s)static PyType_Spec \\w+ = \\{[^}]*?\\.basicsize = sizeof\\((\\w+)\\)[^}]*?\\.slots = (\\w+),[^}]*\\};");
    private static final Pattern FUNCTION = Pattern.compile("(?s)\\n(\\w+)\\(([^)]*)\\)\\n\\{(.*?)\\n\\}\\n");
    /** Slots whose function gets no instance first, or must not read state at all. */
    private static final Set<String> NOT_SELF = Set.of("tp_new", "tp_dealloc", "tp_traverse", "tp_clear", "tp_free",
            "tp_finalize", "tp_alloc", "tp_vectorcall", "tp_del");
    private static final Pattern LOOKUP = Pattern.compile("PyType_GetModuleByDef\\(|PyType_GetModuleState\\(|tp_mro|_defcls");

    @Test
    void cachedTypesLookNothingUpInMethodsGettersAndSlots() throws IOException {
        int checked = 0;
        Set<String> cachedExamples = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        for (Path file : files) {
            String c = Files.readString(file);
            Set<String> cached = new LinkedHashSet<>();
            Matcher st = STRUCT.matcher(c);
            while (st.find()) {
                if (CACHED_MEMBER.matcher(st.group(1)).find()) {
                    cached.add(st.group(2));
                }
            }
            Map<String, String> bodies = new LinkedHashMap<>();
            Matcher fm = FUNCTION.matcher(c);
            while (fm.find()) {
                bodies.put(fm.group(1), fm.group(3));
            }
            Matcher spec = SPEC.matcher(c);
            while (spec.find()) {
                if (!cached.contains(spec.group(1))) {
                    continue;
                }
                cachedExamples.add(file.getParent().getFileName().toString());
                for (String fn : selfFunctions(c, spec.group(2))) {
                    String body = bodies.get(fn);
                    if (body == null) {
                        continue;
                    }
                    checked++;
                    String where = GOLDEN.relativize(file) + ": " + fn;
                    if (LOOKUP.matcher(body).find()) {
                        failures.add(where + " looks the state up although " + spec.group(1) + " caches it");
                    }
                    if (body.matches("(?s).*find_\\w+_state_binary\\(.*") && !body.contains("->tp_as_number->")) {
                        failures.add(where + " walks both operands' MRO with no own-operand check first");
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(cachedExamples.containsAll(Set.of("number-protocol", "subclassable-state", "iterator")),
                "the examples whose slots need the state cache it: " + cachedExamples);
        assertTrue(checked >= 15, "functions checked: " + checked);
    }

    /** Functions of a slot array and its method and getset tables that get an instance first. */
    private static Set<String> selfFunctions(String c, String slotsName) {
        Set<String> out = new LinkedHashSet<>();
        Matcher slots = Pattern.compile("(?s)static PyType_Slot " + slotsName + "\\[\\] = \\{(.*?)\\n\\};").matcher(c);
        assertTrue(slots.find(), slotsName);
        Matcher e = Pattern.compile("\\{Py_(\\w+), (?:\\([^)]*\\))?(\\w+)\\}").matcher(slots.group(1));
        while (e.find()) {
            String slot = e.group(1);
            if (slot.equals("tp_methods")) {
                Matcher m = table(c, "PyMethodDef", e.group(2));
                Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\([^{}\"]*?\\))?(\\w+), ([^,]+),").matcher(m.group(1));
                while (entry.find()) {
                    if (!entry.group(2).matches(".*METH_(CLASS|STATIC|METHOD).*")) {
                        out.add(entry.group(1));
                    }
                }
            } else if (slot.equals("tp_getset")) {
                Matcher m = table(c, "PyGetSetDef", e.group(2));
                Matcher entry = Pattern.compile("\\{\"\\w+\", (?:\\(getter\\))?(\\w+), (?:\\(setter\\))?(\\w+),")
                        .matcher(m.group(1));
                while (entry.find()) {
                    out.add(entry.group(1));
                    out.add(entry.group(2));
                }
            } else if (!NOT_SELF.contains(slot)) {
                out.add(e.group(2));
            }
        }
        assertFalse(out.isEmpty(), slotsName);
        return out;
    }

    private static Matcher table(String c, String kind, String name) {
        Matcher m = Pattern.compile("(?s)static " + kind + " " + name + "\\[\\] = \\{(.*?)\\n\\};").matcher(c);
        assertTrue(m.find(), name);
        return m;
    }
}
