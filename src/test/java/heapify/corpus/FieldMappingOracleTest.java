package heapify.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.lex.Lexing;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.model.InitElement;
import heapify.model.StaticType;
import heapify.model.SubTable;
import heapify.model.SubTableKind;
import heapify.model.TypeObjectLayout;
import heapify.model.TypeField;
import heapify.parse.IslandParser;
import heapify.source.LineMap;
import heapify.source.SourceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Oracle for positional field mapping: CPython annotates most positional initializers with a
 * trailing {@code /* tp_xxx * /} comment. For every element of a type object or sub-table in
 * 3.11.2's Modules/ that carries such a comment, the field {@link heapify.model.TypeObjectLayout}
 * assigns must be the commented one.
 *
 * <p>Comments are normalized: old names of the same slot map to today's name ({@code tp_print}
 * and {@code printfunc} at index 4 → {@code tp_vectorcall_offset}, {@code tp_reserved} and
 * {@code tp_compare} → {@code tp_as_async}, {@code nb_nonzero} → {@code nb_bool},
 * {@code nb_long} → {@code nb_reserved}, {@code sq_slice}/{@code sq_ass_slice} →
 * {@code was_sq_slice}/{@code was_sq_ass_slice}). A comment that is not a field name of any
 * version's layout is ignored: prose, several words, and CPython's own typos such as
 * {@code /* tp_positive * /} in a {@code PyNumberMethods} or {@code nb_matrix_inplace_multiply}
 * (both in _testcapimodule.c).
 */
@Tag("corpus")
class FieldMappingOracleTest {
    private static final Pattern FIELD_COMMENT = Pattern.compile(
            "^(?:/\\*|//)\\s*((?:tp|nb|sq|mp|am|bf|was_sq)_\\w+)\\s*(?:\\*/)?\\s*$");
    private static final Map<String, String> ALIASES = Map.of(
            "tp_print", "tp_vectorcall_offset",
            "tp_reserved", "tp_as_async",
            "tp_compare", "tp_as_async",
            "nb_nonzero", "nb_bool",
            "nb_long", "nb_reserved",
            "sq_slice", "was_sq_slice",
            "sq_ass_slice", "was_sq_ass_slice");

    private static final java.util.Set<String> KNOWN = known();

    private static java.util.Set<String> known() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int minor = TypeObjectLayout.OLDEST; minor <= TypeObjectLayout.NEWEST; minor++) {
            names.addAll(TypeObjectLayout.typeFields(minor));
            for (SubTableKind k : SubTableKind.values()) {
                names.addAll(TypeObjectLayout.subTableFields(k, minor));
            }
        }
        return names;
    }

    @Test
    void commentedPositionalFieldsMapToTheCommentedField() throws Exception {
        // contract: no element's /* tp_xxx */ comment disagrees with the layout's field name
        Path root = CpythonSource.root();
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path file : CpythonSource.cFiles(root.resolve("Modules"))) {
            if (!(SourceReader.read(file) instanceof SourceReader.Read read)) {
                continue;
            }
            FileModel model = FileModelBuilder.build(IslandParser.parse(Lexing.lex(read.source())));
            LineMap lines = new LineMap(read.source().text());
            String rel = CpythonSource.relative(root, file);
            for (StaticType t : model.types()) {
                checked += check(rel, lines, t.cName(), t.fields(), t.elements(), mismatches);
            }
            for (SubTable st : model.subTables()) {
                checked += check(rel, lines, st.cName(), st.fields(), st.elements(), mismatches);
            }
        }
        System.out.println("tp_xxx comments checked: " + checked + ", mismatches: " + mismatches.size());
        mismatches.forEach(System.out::println);
        assertTrue(checked > 1000, "too few commented elements found: " + checked);
        assertEquals(List.of(), mismatches);
    }

    static Optional<String> commentedField(String comment) {
        Matcher m = FIELD_COMMENT.matcher(comment.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        String name = ALIASES.getOrDefault(m.group(1), m.group(1));
        return KNOWN.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Compares each positional element's {@code /* xxx *\/} comment with the field the layout gave
     * it; returns how many elements carried such a comment.
     */
    private static int check(String rel, LineMap lines, String owner, Map<String, TypeField> fields,
                             List<InitElement> elements, List<String> mismatches) {
        Map<Integer, String> fieldAt = new HashMap<>();
        fields.values().forEach(f -> fieldAt.put(f.span().start(), f.name()));
        int checked = 0;
        for (InitElement e : elements) {
            Optional<String> commented = e.isDesignated() ? Optional.empty() : commentedField(e.trailingComment());
            if (commented.isEmpty()) {
                continue;
            }
            checked++;
            String actual = fieldAt.getOrDefault(e.span().start(), "(not mapped)");
            if (!actual.equals(commented.get())) {
                mismatches.add(rel + ":" + lines.line(e.span().start()) + ": " + owner + " element '"
                        + e.value() + "' mapped to " + actual + ", comment says " + commented.get());
            }
        }
        return checked;
    }
}
