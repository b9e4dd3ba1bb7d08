package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.apply.FileMigrator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shapes of CPython 3.11's socketmodule.c that kept its type static or broke its build: a member
 * that shares its name with the type, read through {@code offsetof}; a {@code PyObject *} global
 * declared after the place the state goes (a type of Python.h, never a void pointer); a global
 * that a callback names, reported alike by a first run and by a run over heapify's own output; and
 * a lock that serializes a libc call, which stays one per process (rule process-wide-lock).
 */
class SocketShapesTest {
    private static final String BEFORE = """
            #include "Python.h"
            #include "structmember.h"

            typedef struct {
                PyObject_HEAD
                int sock_type;
            } SockObject;

            static PyTypeObject sock_type;

            static int accept_works = -1;

            static PyThread_type_lock netdb_lock;

            static int
            sock_call(int (*func)(void *), void *data)
            {
                return func(data);
            }

            static int
            sock_accept_impl(void *data)
            {
                accept_works = 1;
                return 0;
            }

            static PyObject *herror;

            static PyObject *
            sock_accept(SockObject *s, PyObject *unused)
            {
                PyThread_acquire_lock(netdb_lock, 1);
                PyThread_release_lock(netdb_lock);
                if (sock_call(sock_accept_impl, NULL) < 0) {
                    PyErr_SetString(herror, "accept");
                    return NULL;
                }
                Py_RETURN_NONE;
            }

            static PyMemberDef sock_members[] = {
                {"type", T_INT, offsetof(SockObject, sock_type), READONLY, NULL},
                {NULL}
            };

            static PyMethodDef sock_methods[] = {
                {"accept", (PyCFunction)sock_accept, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            static PyTypeObject sock_type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "m.socket",
                .tp_basicsize = sizeof(SockObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_methods = sock_methods,
                .tp_members = sock_members,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m;
                if (PyType_Ready(&sock_type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&m_module);
                if (m == NULL) {
                    return NULL;
                }
                herror = PyErr_NewException("m.herror", PyExc_OSError, NULL);
                if (herror == NULL) {
                    return NULL;
                }
                netdb_lock = PyThread_allocate_lock();
                return m;
            }
            """;

    private static final String CALLBACK = "m.c:11:1: warning: 'accept_works' stays static and shared: it is used "
            + "where the module state cannot be reached ('sock_accept_impl': 'sock_accept_impl' is used as a callback,"
            + " so no state parameter can be passed) [state-unreachable]";

    @Test
    void theTypeMigratesAndItsOffsetofMemberIsNoUseOfIt() {
        FileMigrator.Result r = MigrationAssert.migrate(Path.of("m.c"), BEFORE, 11);
        String out = r.output();
        assertFalse(out.contains("static PyTypeObject sock_type"), out);
        assertTrue(out.contains("{\"type\", T_INT, offsetof(SockObject, sock_type), READONLY, NULL},"), out);
        assertTrue(out.contains("    st->sock_type = (PyTypeObject *)PyType_FromModuleAndSpec("), out);
        assertEquals(List.of(), r.formattedDiagnostics().stream().filter(d -> d.contains("sock_type")).toList());
    }

    @Test
    void aPointerToATypeOfPythonHIsDeclaredAsSuchInTheState() {
        String out = MigrationAssert.migrate(Path.of("m.c"), BEFORE, 11).output();
        assertTrue(out.contains("    PyObject *herror;\n"), out);
        assertFalse(out.contains("void *herror"), out);
    }

    @Test
    void aLockStaysOnePerProcessAndExecAllocatesItOnce() {
        FileMigrator.Result first = MigrationAssert.migrate(Path.of("m.c"), BEFORE, 11);
        String out = first.output();
        assertTrue(out.contains("\nstatic PyThread_type_lock netdb_lock;\n"), out);
        assertTrue(out.contains("    if (netdb_lock == NULL) {\n        netdb_lock = PyThread_allocate_lock();\n    }\n"),
                out);
        assertTrue(out.contains("    PyThread_acquire_lock(netdb_lock, 1);\n"), out);
        assertTrue(first.formattedDiagnostics().stream().anyMatch(d -> d.startsWith("m.c:13:1: note: 'netdb_lock' is a "
                + "lock (PyThread_type_lock) that guards what every interpreter shares: it stays one per process, "
                + "allocated by the first module object's exec [process-wide-lock]")),
                String.join("\n", first.formattedDiagnostics()));
        assertTrue(first.formattedDiagnostics().stream().anyMatch(d -> d.contains("shared-state-left")
                && d.contains("'netdb_lock'")));
        // heapify's own guard is recognised: a second run changes nothing
        assertEquals(out, MigrationAssert.migrate(Path.of("m.c"), out, 11).output());
    }

    @Test
    void aGlobalThatACallbackNamesIsReportedAlikeOnBothRuns() {
        FileMigrator.Result first = MigrationAssert.migrate(Path.of("m.c"), BEFORE, 11);
        assertTrue(first.formattedDiagnostics().get(0).startsWith(CALLBACK), first.formattedDiagnostics().get(0));
        FileMigrator.Result second = MigrationAssert.migrate(Path.of("m.c"), first.output(), 11);
        assertEquals(first.output(), second.output());
        List<String> again = second.formattedDiagnostics().stream().filter(d -> d.contains("warning")).toList();
        assertEquals(1, again.size(), String.join("\n", second.formattedDiagnostics()));
        assertTrue(again.get(0).replaceFirst("^m\\.c:\\d+:", "m.c:11:").startsWith(CALLBACK), again.get(0));
    }
}
