package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import heapify.corpus.CpythonSource;
import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule clinic-state: a type named by an Argument Clinic class line migrates with its clinic
 * output, which the tree's own clinic (CPython 3.11.2's Tools/clinic, obtained at test time)
 * regenerates; without that clinic, or with output that is not as clinic wrote it, the type stays
 * static with {@code [clinic-regenerate]} and the file is left as it was. The input below is
 * clinic's own output for its clinic input.
 */
class ClinicStateTypesTest {
    private static final String MODULE = """
            #include "Python.h"

            /*[clinic input]
            module m
            class m.Foo "FooObject *" "&Foo_Type"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=b1e72ead8f34d5a7]*/

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            static PyTypeObject Foo_Type;

            #include "clinic/m.c.h"

            /*[clinic input]
            @classmethod
            m.Foo.__new__ as foo_new
                v: long
                /
            [clinic start generated code]*/

            static PyObject *
            foo_new_impl(PyTypeObject *type, long v)
            /*[clinic end generated code: output=55cd5765d2744335 input=ff9b3c144fef7fef]*/
            {
                FooObject *self = (FooObject *)type->tp_alloc(type, 0);
                if (self != NULL) {
                    self->v = v;
                }
                return (PyObject *)self;
            }

            static void
            foo_dealloc(FooObject *self)
            {
                Py_TYPE(self)->tp_free((PyObject *)self);
            }

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_dealloc = (destructor)foo_dealloc,
                .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                .tp_new = foo_new,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                PyObject *mod = PyModule_Create(&m_module);
                if (mod == NULL) {
                    return NULL;
                }
                if (PyModule_AddObjectRef(mod, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(mod);
                    return NULL;
                }
                return mod;
            }
            """;

    private static final String HEADER = """
            /*[clinic input]
            preserve
            [clinic start generated code]*/

            static PyObject *
            foo_new_impl(PyTypeObject *type, long v);

            static PyObject *
            foo_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
            {
                PyObject *return_value = NULL;
                long v;

                if ((type == &Foo_Type ||
                     type->tp_init == Foo_Type.tp_init) &&
                    !_PyArg_NoKeywords("Foo", kwargs)) {
                    goto exit;
                }
                if (!_PyArg_CheckPositional("Foo", PyTuple_GET_SIZE(args), 1, 1)) {
                    goto exit;
                }
                v = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
                if (v == -1 && PyErr_Occurred()) {
                    goto exit;
                }
                return_value = foo_new_impl(type, v);

            exit:
                return return_value;
            }
            /*[clinic end generated code: output=49f0fdf11766d64a input=a9049054013a1b77]*/
            """;

    private static final String MIGRATED = """
            #include "Python.h"

            typedef struct {
                PyTypeObject *Foo_Type;
            } m_state;

            static inline m_state *
            get_m_state(PyObject *module)
            {
                void *state = PyModule_GetState(module);
                assert(state != NULL);
                return (m_state *)state;
            }

            static int
            m_traverse(PyObject *module, visitproc visit, void *arg)
            {
                m_state *st = get_m_state(module);
                Py_VISIT(st->Foo_Type);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->Foo_Type);
                return 0;
            }

            static void
            m_free(void *module)
            {
                (void)m_clear((PyObject *)module);
            }

            static struct PyModuleDef m_module;

            /*[clinic input]
            module m
            class m.Foo "FooObject *" "clinic_state()->Foo_Type"
            [clinic start generated code]*/
            /*[clinic end generated code: output=da39a3ee5e6b4b0d input=1e1a3ebbb1102db0]*/

            typedef struct {
                PyObject_HEAD
                long v;
            } FooObject;

            #define clinic_state() (get_m_state(PyType_GetModuleByDef(type, &m_module)))
            #include "clinic/m.c.h"
            #undef clinic_state

            /*[clinic input]
            @classmethod
            m.Foo.__new__ as foo_new
                v: long
                /
            [clinic start generated code]*/

            static PyObject *
            foo_new_impl(PyTypeObject *type, long v)
            /*[clinic end generated code: output=55cd5765d2744335 input=ff9b3c144fef7fef]*/
            {
                FooObject *self = (FooObject *)type->tp_alloc(type, 0);
                if (self != NULL) {
                    self->v = v;
                }
                return (PyObject *)self;
            }

            static void
            foo_dealloc(FooObject *self)
            {
                PyTypeObject *tp = Py_TYPE(self);
                tp->tp_free((PyObject *)self);
                Py_DECREF(tp);
            }

            static PyType_Slot Foo_slots[] = {
                {Py_tp_dealloc, (destructor)foo_dealloc},
                {Py_tp_new, foo_new},
                {0, NULL},
            };

            static PyType_Spec Foo_spec = {
                .name = "m.Foo",
                .basicsize = sizeof(FooObject),
                .flags = (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
                          Py_TPFLAGS_IMMUTABLETYPE),
                .slots = Foo_slots,
            };

            static int
            m_exec(PyObject *mod)
            {
                m_state *st = get_m_state(mod);
                st->Foo_Type = (PyTypeObject *)PyType_FromModuleAndSpec(
                    mod, &Foo_spec, NULL);
                if (st->Foo_Type == NULL) {
                    return -1;
                }
                if (PyModule_AddType(mod, st->Foo_Type) < 0) {
                    return -1;
                }
                return 0;
            }

            static PyModuleDef_Slot m_slots[] = {
                {Py_mod_exec, m_exec},
            #if PY_VERSION_HEX >= 0x030C0000
                {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
            #endif
                /* TODO(heapify): Py_mod_gil (3.13+) needs a free-threading audit */
                {0, NULL},
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = sizeof(m_state),
                .m_slots = m_slots,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                return PyModuleDef_Init(&m_module);
            }
            """;

    private static final String MIGRATED_HEADER = """
            /*[clinic input]
            preserve
            [clinic start generated code]*/

            static PyObject *
            foo_new_impl(PyTypeObject *type, long v);

            static PyObject *
            foo_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
            {
                PyObject *return_value = NULL;
                long v;

                if ((type == clinic_state()->Foo_Type ||
                     type->tp_init == clinic_state()->Foo_Type->tp_init) &&
                    !_PyArg_NoKeywords("Foo", kwargs)) {
                    goto exit;
                }
                if (!_PyArg_CheckPositional("Foo", PyTuple_GET_SIZE(args), 1, 1)) {
                    goto exit;
                }
                v = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
                if (v == -1 && PyErr_Occurred()) {
                    goto exit;
                }
                return_value = foo_new_impl(type, v);

            exit:
                return return_value;
            }
            /*[clinic end generated code: output=8428d8687240fee6 input=a9049054013a1b77]*/
            """;

    @TempDir
    Path tree;

    private Path module(boolean withClinic, String header) throws Exception {
        Path m = tree.resolve("Modules/m.c");
        Files.createDirectories(m.getParent().resolve("clinic"));
        Files.writeString(m, MODULE);
        Files.writeString(m.getParent().resolve("clinic/m.c.h"), header);
        if (withClinic) {
            copyClinic(CpythonSource.root(), tree);
        }
        return m;
    }

    /** The tree's Tools/clinic/*.py, copied into {@code to} as a checkout would hold them. */
    static void copyClinic(Path from, Path to) throws java.io.IOException {
        Path dir = Files.createDirectories(to.resolve("Tools/clinic"));
        try (var s = Files.list(from.resolve("Tools/clinic"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".py")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
    }

    private static FileMigrator.Result migrate(Path file) {
        return new FileMigrator(Renderer.forWorkingTree(), Options.DEFAULT)
                .migrate(((SourceReader.Read) SourceReader.read(file)).source(), "m.c");
    }

    @Test
    void theClassLineNamesTheStateAndTheTreesClinicRegeneratesTheParsers() throws Exception {
        Path m = module(true, HEADER);
        FileMigrator.Result r = migrate(m);
        assertEquals(MIGRATED, r.output());
        assertEquals(1, r.included().size());
        assertEquals("clinic/m.c.h", r.included().get(0).name());
        assertEquals(MIGRATED_HEADER, r.included().get(0).output());
        assertEquals(List.of("m.c:16:1: note: Argument Clinic names 1 migrated type(s) as clinic_state()->TYPE in its "
                + "class lines and in 'clinic/m.c.h', regenerated by the tree's clinic [clinic-state]"),
                r.formattedDiagnostics());

        // a second run over both files changes nothing and reports nothing left
        Files.writeString(m, r.output());
        Files.writeString(m.getParent().resolve("clinic/m.c.h"), r.included().get(0).output());
        FileMigrator.Result again = migrate(m);
        assertEquals(MIGRATED, again.output());
        assertEquals(List.of(), again.included());
        assertEquals(List.of(), again.formattedDiagnostics());
    }

    /**
     * socketmodule.c's shapes: its clinic class line sits in one branch of an {@code #if}, before
     * any function names {@code PyObject}. The state goes before the {@code #if}, where every
     * build compiles it, and its {@code PyObject *} field, a type of Python.h, is no void pointer.
     */
    @Test
    void aClassLineInsideAnIfGetsTheStateBeforeTheIf() throws Exception {
        String conditional = MODULE.replace("\n/*[clinic input]\nmodule m\n", "\n#ifdef MS_WINDOWS\n#include <windows.h>\n"
                + "#endif\n\n#ifdef MS_WINDOWS\n/*[clinic input]\nmodule m\n").replace(
                "input=b1e72ead8f34d5a7]*/\n", "input=b1e72ead8f34d5a7]*/\n#endif\n\nstatic PyObject *last_new;\n")
                .replace("        self->v = v;\n", "        self->v = v;\n        last_new = (PyObject *)self;\n");
        Path m = module(true, HEADER);
        Files.writeString(m, conditional);
        FileMigrator.Result r = migrate(m);
        String out = r.output();
        assertTrue(out.startsWith("#include \"Python.h\"\n\n#ifdef MS_WINDOWS\n#include <windows.h>\n#endif\n\n"
                + "typedef struct {\n    PyTypeObject *Foo_Type;\n    PyObject *last_new;\n} m_state;\n"), out);
        assertTrue(out.contains("#ifdef MS_WINDOWS\n/*[clinic input]\nmodule m\nclass m.Foo \"FooObject *\" "
                + "\"clinic_state()->Foo_Type\"\n"), out);
        assertEquals(1, r.included().size());
    }

    @Test
    void withoutTheTreesClinicTheTypeStaysStaticAndTheFileUnchanged() throws Exception {
        FileMigrator.Result r = migrate(module(false, HEADER));
        assertEquals(MODULE, r.output());
        assertEquals(List.of(), r.included());
        assertEquals(List.of("m.c:5:29: warning: Argument Clinic output uses '&Foo_Type' and is regenerated only "
                + "with the module's clinic_state(): no Tools/clinic/clinic.py in the module's folder or above it "
                + "regenerates 'clinic/m.c.h'; left static [clinic-regenerate]"), r.formattedDiagnostics());
    }

    @Test
    void clinicOutputEditedByHandIsNotRegenerated() throws Exception {
        // clinic would refuse it (checksum mismatch), or with -f drop the edit
        FileMigrator.Result r = migrate(module(true, HEADER.replace("long v;", "long v = 0;")));
        assertEquals(MODULE, r.output());
        assertEquals(List.of("m.c:5:29: warning: Argument Clinic output uses '&Foo_Type' and is regenerated only "
                + "with the module's clinic_state(): the clinic output is not as clinic wrote it (a checksum does "
                + "not match); left static [clinic-regenerate]"), r.formattedDiagnostics());
    }

    /** A second migration of the same inputs takes clinic's output from the cache instead of running it. */
    @Test
    void clinicsOutputIsCachedByTheSha256OfItsInputs() throws Exception {
        Path m = module(true, HEADER);
        String home = System.getProperty("user.home");
        System.setProperty("user.home", tree.resolve("home").toString());
        try {
            assertEquals(MIGRATED_HEADER, migrate(m).included().get(0).output());
            Path cache = tree.resolve("home/.cache/heapify/clinic");
            List<Path> entries;
            try (var s = Files.list(cache)) {
                entries = s.toList();
            }
            assertEquals(1, entries.size(), entries.toString());
            // a marked entry shows the second run read it rather than running clinic
            Files.writeString(entries.get(0).resolve("header"), MIGRATED_HEADER + "/* from the cache */\n");
            assertEquals(MIGRATED_HEADER + "/* from the cache */\n", migrate(m).included().get(0).output());
            // another input is another key: clinic runs again
            Files.writeString(m, MODULE.replace("long v;", "long v;  "));
            assertEquals(MIGRATED_HEADER, migrate(m).included().get(0).output());
        } finally {
            System.setProperty("user.home", home);
        }
    }

    /** {@code migrate} writes the header with its module (build check on), copies both, and diffs both. */
    @Test
    void theCommandWritesCopiesAndDiffsTheHeaderWithItsModule() throws Exception {
        Path m = module(true, HEADER);
        Path h = m.getParent().resolve("clinic/m.c.h");
        Path copies = tree.resolve("out");
        assertEquals(0, cli("--output", copies.toString(), m.toString()).code());
        assertEquals(MIGRATED, Files.readString(copies.resolve("m.c")));
        assertEquals(MIGRATED_HEADER, Files.readString(copies.resolve("clinic/m.c.h")));
        assertEquals(HEADER, Files.readString(h), "--output leaves the input as it was");

        Cli diff = cli(m.toString());
        assertEquals(0, diff.code());
        String shownHeader = heapify.cli.MigrateCommand.display(h);
        assertTrue(diff.out().contains("--- a/" + shownHeader.replaceFirst("^/", "") + "\n")
                || diff.out().contains("--- a" + shownHeader + "\n"), diff.out());
        assertTrue(diff.out().contains("+    if ((type == clinic_state()->Foo_Type ||\n"), diff.out());

        assertEquals(0, cli("--in-place", m.toString()).code());
        assertEquals(MIGRATED, Files.readString(m));
        assertEquals(MIGRATED_HEADER, Files.readString(h));
    }

    /** {@code scan --plan} names the header migrate changes with the module. */
    @Test
    void thePlanNamesTheRegeneratedHeader() throws Exception {
        Path m = module(true, HEADER);
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new heapify.cli.ScanCommand());
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, cl.execute("--plan", m.toString()));
        String plan = out.toString().substring(out.toString().indexOf("plan "));
        assertTrue(plan.startsWith("plan " + heapify.cli.MigrateCommand.display(m) + ":\n"
                + "  heap type  Foo_Type (line 42)\n"
                + "  init       single-phase -> multi-phase\n"
                + "  isolation  per-interpreter GIL claimed\n"
                + "  also       clinic/m.c.h (regenerated by the tree's clinic)\n"), plan);
    }

    /** The header of a module that stays as it was is never written: a read-only header refuses both. */
    @Test
    void aHeaderThatCannotBeWrittenKeepsTheModuleAsItWasToo() throws Exception {
        Path m = module(true, HEADER);
        Path h = m.getParent().resolve("clinic/m.c.h");
        h.toFile().setWritable(false, false);
        Files.setPosixFilePermissions(h, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Cli r = cli("--in-place", m.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("read-only; not rewritten"), r.err());
        assertEquals(MODULE, Files.readString(m));
        assertEquals(HEADER, Files.readString(h));
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new heapify.cli.MigrateCommand());
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The migrated module builds against a real 3.11 and behaves as before: new, subclass, no keywords. */
    @Test
    void theMigratedModuleBuildsAndRuns() throws Exception {
        Path m = module(true, HEADER);
        FileMigrator.Result r = migrate(m);
        Files.writeString(m, r.output());
        Files.writeString(m.getParent().resolve("clinic/m.c.h"), r.included().get(0).output());
        Path python = python311();
        String inc = run(tree, python.toString(), "-c", "import sysconfig; print(sysconfig.get_paths()['include'])");
        String suffix = run(tree, python.toString(), "-c",
                "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))");
        run(tree, "gcc", "-shared", "-fPIC", "-Wall", "-Werror", "-I" + inc, m.toString(), "-o",
                tree.resolve("m" + suffix).toString());
        String out = run(tree, python.toString(), "-c", String.join("; ", "import m",
                "print(type(m.Foo(5)) is m.Foo, type(m.Foo).__name__, m.Foo.__flags__ & (1 << 9) != 0)",
                "S = type('S', (m.Foo,), {})", "print(type(S(1)).__name__)",
                "exec('try: m.Foo(v=1)\\nexcept TypeError as e: print(e)')"));
        assertEquals("True type True\nS\nFoo() takes no keyword arguments", out);
    }

    static Path python311() {
        Path versions = Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"),
                "versions");
        try (var s = Files.list(versions)) {
            return s.filter(p -> p.getFileName().toString().startsWith("3.11.")).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no pyenv 3.11 under " + versions)).resolve("bin/python3.11");
        } catch (java.io.IOException e) {
            throw new AssertionError("no pyenv versions under " + versions, e);
        }
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
