package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule type-name-without-dot: a static type named without a dot is in builtins. A dotless spec
 * name loses {@code __module__} (AttributeError, as pygame's {@code Camera} did in verify's
 * embedding run), so its spec is named {@code "builtins.X"} and exec sets {@code tp_name} back to
 * {@code "X"} after creation: {@code __module__}, {@code repr()} and messages stay as they were.
 * A name spelled through a macro of the file is read through it; one from another header cannot
 * be known and stays static.
 */
class TypeNameWithoutDotTest {
    private static final String TYPES = """
            #include "Python.h"

            #define PAIR_NAME \\
                "m." "Pair"

            typedef struct {
                PyObject_HEAD
            } TokenObject;

            static PyTypeObject Token_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "Token",
                .tp_basicsize = sizeof(TokenObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static PyTypeObject Pair_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = PAIR_NAME,
                .tp_basicsize = sizeof(TokenObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static PyTypeObject Other_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = NAME_FROM_HEADER,
                .tp_basicsize = sizeof(TokenObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef mmodule = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (PyType_Ready(&Token_Type) < 0 || PyType_Ready(&Pair_Type) < 0
                    || PyType_Ready(&Other_Type) < 0) {
                    return NULL;
                }
                PyObject *m = PyModule_Create(&mmodule);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Token_Type);
                if (PyModule_AddObject(m, "Token", (PyObject *)&Token_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Pair_Type);
                if (PyModule_AddObject(m, "Pair", (PyObject *)&Pair_Type) < 0) {
                    return NULL;
                }
                Py_INCREF(&Other_Type);
                if (PyModule_AddObject(m, "Other", (PyObject *)&Other_Type) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static String definition(String c, String type) {
        int at = c.indexOf("static PyTypeObject " + type + " = {");
        return at < 0 ? "" : c.substring(at, c.indexOf("};", at) + 2);
    }

    @Test
    void aDotlessNameMigratesAsBuiltinsAndGetsItsTpNameBackTheUnspelledOneStaysStatic() {
        // contract: "Token" keeps __module__ == 'builtins' (spec "builtins.Token") and tp_name "Token" (set back in exec)
        var r = MigrationAssert.migrate(Path.of("m.c"), TYPES, 11);
        String out = r.output();
        assertEquals("", definition(out, "Token_Type"), out);
        assertTrue(out.contains("    .name = \"builtins.Token\",\n"), out);
        assertTrue(out.contains("""
                    st->Token_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                        m, &Token_spec, NULL);
                    if (st->Token_Type == NULL) {
                        return -1;
                    }
                    st->Token_Type->tp_name = "Token";
                """), out);
        // the attribute is named after the last dot of the spec's name: "Token", as before
        assertTrue(out.contains("    if (PyModule_AddType(m, st->Token_Type) < 0) {\n"), out);
        assertEquals(definition(TYPES, "Other_Type"), definition(out, "Other_Type"), out);
        assertEquals("", definition(out, "Pair_Type"), out);
        assertTrue(out.contains("    .name = PAIR_NAME,\n"), out);
        // the attribute is named after the last dot of what the macro spells: "Pair", as before
        assertTrue(out.contains("    if (PyModule_AddType(m, st->Pair_Type) < 0) {\n"), out);
        assertEquals(List.of(
                "m.c:10:1: note: tp_name \"Token\" of 'Token_Type' has no dot: its spec is named \"builtins.Token\","
                        + " so that its __module__ stays builtins, and exec sets its tp_name back to \"Token\" after"
                        + " creation, so its repr and messages are unchanged [type-name-without-dot]",
                "m.c:26:1: warning: tp_name NAME_FROM_HEADER of 'Other_Type' is not spelled in this file, so heapify"
                        + " cannot tell whether it has a dot (a heap type named without one has no __module__); left"
                        + " static [type-name-without-dot]",
                "m.c:34:1: note: no Py_mod_multiple_interpreters slot: shared state remains (static type"
                        + " 'Other_Type') [shared-state-left]"),
                r.formattedDiagnostics());
    }

    @Test
    void aRerunOverTheOutputChangesNothing() {
        // contract: the "builtins." spec of the first run has a dot: a second run finds nothing to say about it
        String once = MigrationAssert.migrate(Path.of("m.c"), TYPES, 11).output();
        var twice = MigrationAssert.migrate(Path.of("m.c"), once, 11);
        assertEquals(once, twice.output());
        assertTrue(twice.formattedDiagnostics().stream().noneMatch(d -> d.contains("Token")),
                String.join("\n", twice.formattedDiagnostics()));
    }

    @Test
    void qualifyDotlessNamesGivesTheTypeItsModulesName() {
        // --qualify-dotless-names: the user accepts the __module__ change CPython's own ports made
        var r = new heapify.apply.FileMigrator(new heapify.render.Renderer(Path.of(System.getProperty(
                "heapify.root", "."), "templates")), new Options(11, true)).migrate(
                heapify.source.SourceText.of(Path.of("m.c"), TYPES), "m.c");
        assertEquals("", definition(r.output(), "Token_Type"), r.output());
        assertTrue(r.output().contains("    .name = \"m.Token\",\n"), r.output());
        // the attribute keeps its name: the part after the last dot is "Token", as before
        assertTrue(r.output().contains("    if (PyModule_AddType(m, st->Token_Type) < 0) {\n"), r.output());
        assertEquals("m.c:10:1: note: tp_name \"Token\" of 'Token_Type' has no dot: its spec is named \"m.Token\""
                + " as --qualify-dotless-names asks, so its __module__ is no longer builtins, and its tp_name, repr and"
                + " messages say \"m.Token\" [type-name-without-dot]", r.formattedDiagnostics().get(0));
        assertEquals(definition(TYPES, "Other_Type"), definition(r.output(), "Other_Type"), r.output());
    }

    @Test
    void theSameTypeNamedWithADotMigrates() {
        String out = MigrationAssert.migrate(Path.of("m.c"), TYPES.replace("\"Token\"", "\"m.Token\""), 11).output();
        assertEquals("", definition(out, "Token_Type"), out);
        assertTrue(out.contains("    .name = \"m.Token\",\n"), out);
    }
}
