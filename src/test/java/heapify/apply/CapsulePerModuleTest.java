package heapify.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.render.Renderer;
import heapify.source.SourceText;
import heapify.transform.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule capsule-per-module, shaped like CPython 3.11's _socket and _ssl: api.c exports its type in
 * a capsule that api.h's macro imports. When every consumer of its folder reads the capsule into a
 * local and increfs what it keeps (user.c, like _ssl.c), api.c migrates and exec makes the capsule
 * per module object; when one keeps it in a static (keeper.c), api.c is left as it is and the
 * reason names the consumer; a run of api.c alone sees no consumer and leaves it too.
 */
class CapsulePerModuleTest {
    private static final Renderer RENDERER =
            new Renderer(Path.of(System.getProperty("heapify.root", "."), "templates"));

    private static final String HEADER = """
            #ifndef API_H
            #define API_H

            typedef struct {
                PyTypeObject *Thing_Type;
            } Api_CAPI;

            #define Api_CAPSULE_NAME "api.CAPI"
            #define Api_IMPORT() (Api_CAPI *)PyCapsule_Import(Api_CAPSULE_NAME, 0)

            #endif
            """;

    private static final String EXPORTER = """
            #include "Python.h"
            #include "api.h"

            typedef struct {
                PyObject_HEAD
            } ThingObject;

            static PyTypeObject Thing_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "api.Thing",
                .tp_basicsize = sizeof(ThingObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static void
            api_destroy(PyObject *capsule)
            {
                Api_CAPI *capi = PyCapsule_GetPointer(capsule, Api_CAPSULE_NAME);
                Py_XDECREF(capi->Thing_Type);
                PyMem_Free(capi);
            }

            static struct PyModuleDef api_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "api",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_api(void)
            {
                PyObject *m;
                if (PyType_Ready(&Thing_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&api_module);
                if (m == NULL) {
                    return NULL;
                }
                Api_CAPI *capi = PyMem_Malloc(sizeof(Api_CAPI));
                if (capi == NULL) {
                    Py_DECREF(m);
                    return NULL;
                }
                capi->Thing_Type = (PyTypeObject *)Py_NewRef(&Thing_Type);
                PyObject *capsule = PyCapsule_New(capi, Api_CAPSULE_NAME, api_destroy);
                if (PyModule_AddObject(m, "CAPI", capsule) < 0) {
                    Py_XDECREF(capsule);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    /** Reads the capsule per module, as _ssl.c's sslmodule_init_socketapi does. */
    private static final String USER = """
            #include "Python.h"
            #include "api.h"

            typedef struct {
                PyTypeObject *Thing_Type;
            } user_state;

            static int
            user_exec(PyObject *module)
            {
                user_state *state = PyModule_GetState(module);
                Api_CAPI *api = Api_IMPORT();
                if (api == NULL || api->Thing_Type == NULL) {
                    return -1;
                }
                state->Thing_Type = api->Thing_Type;
                Py_INCREF(state->Thing_Type);
                return 0;
            }
            """;

    /** Keeps the capsule in a static, as datetime.h's PyDateTime_IMPORT does. */
    private static final String KEEPER = """
            #include "Python.h"
            #include "api.h"

            static Api_CAPI *api_capi;

            static int
            keeper_exec(PyObject *module)
            {
                api_capi = Api_IMPORT();
                return api_capi == NULL ? -1 : 0;
            }
            """;

    @TempDir
    Path dir;

    private FileMigrator.Result migrate(String... consumers) throws IOException {
        Files.writeString(dir.resolve("api.h"), HEADER);
        Files.writeString(dir.resolve("api.c"), EXPORTER);
        for (String c : consumers) {
            Files.writeString(dir.resolve(c), c.equals("user.c") ? USER : KEEPER);
        }
        Path api = dir.resolve("api.c");
        Set<Path> run = new java.util.HashSet<>(Set.of(api));
        for (String c : consumers) {
            run.add(dir.resolve(c));
        }
        return new FileMigrator(RENDERER, new Options(11), run).migrate(SourceText.of(api, EXPORTER), "api.c");
    }

    @Test
    void aCapsuleThatEveryConsumerReadsPerModuleIsMadeByExec() throws IOException {
        FileMigrator.Result r = migrate("user.c");
        String out = r.output();
        assertTrue(!out.contains("static PyTypeObject Thing_Type"), out);
        assertTrue(out.contains("capi->Thing_Type = (PyTypeObject *)Py_NewRef(st->Thing_Type);"), out);
        assertTrue(out.contains("    PyObject *capsule = PyCapsule_New(capi, Api_CAPSULE_NAME, api_destroy);\n"), out);
        assertTrue(out.contains(".m_size = sizeof(api_state)"), out);
        assertTrue(out.contains("{Py_mod_exec, api_exec}"), out);
        assertEquals(List.of(), r.formattedDiagnostics().stream().filter(d -> d.contains("warning")).toList());
        assertTrue(r.formattedDiagnostics().stream().anyMatch(d -> d.contains("note: the C API capsule Api_CAPSULE_NAME "
                + "is made by each module object, with its own types: every consumer reads it per module "
                + "(user.c:12 (user_exec)) [capsule-per-module]")), String.join("\n", r.formattedDiagnostics()));
    }

    @Test
    void aConsumerThatKeepsTheCapsuleInAStaticKeepsTheModuleAsItIs() throws IOException {
        FileMigrator.Result r = migrate("user.c", "keeper.c");
        assertEquals(EXPORTER, r.output());
        assertTrue(r.formattedDiagnostics().get(0).contains("warning: type 'Thing_Type' left static: the module exports "
                + "a C API capsule (PyCapsule_New, line 47) that consumers keep process-wide: keeper.c:9 (keeper_exec) "
                + "keeps it in the static 'api_capi'; each module object cannot make its own, file left unchanged "
                + "[capsule-exports-type]"), r.formattedDiagnostics().get(0));
    }

    @Test
    void withoutAConsumerInTheRunTheModuleIsLeftAsItIs() throws IOException {
        Files.writeString(dir.resolve("user.c"), USER); // beside it, but a run of api.c alone does not read it
        FileMigrator.Result r = migrate();
        assertEquals(EXPORTER, r.output());
        assertTrue(r.formattedDiagnostics().get(0).contains("whose consumers keep process-wide pointers to it; not "
                + "isolatable without an API change, file left unchanged [capsule-exports-type]"),
                r.formattedDiagnostics().get(0));
    }
}
