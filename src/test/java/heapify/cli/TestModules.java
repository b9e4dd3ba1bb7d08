package heapify.cli;

/** A small single-phase module with one static type: what migrate changes in every test of this package. */
final class TestModules {
    private TestModules() {
    }

    static final String FOO = """
            #include "Python.h"

            typedef struct {
                PyObject_HEAD
            } FooObject;

            static PyTypeObject Foo_Type = {
                PyVarObject_HEAD_INIT(NULL, 0)
                .tp_name = "foo.Foo",
                .tp_basicsize = sizeof(FooObject),
                .tp_flags = Py_TPFLAGS_DEFAULT,
                .tp_new = PyType_GenericNew,
            };

            static struct PyModuleDef foo_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "foo",
                .m_size = -1,
            };

            PyMODINIT_FUNC
            PyInit_foo(void)
            {
                PyObject *m;
                if (PyType_Ready(&Foo_Type) < 0) {
                    return NULL;
                }
                m = PyModule_Create(&foo_module);
                if (m == NULL) {
                    return NULL;
                }
                Py_INCREF(&Foo_Type);
                if (PyModule_AddObject(m, "Foo", (PyObject *)&Foo_Type) < 0) {
                    Py_DECREF(&Foo_Type);
                    Py_DECREF(m);
                    return NULL;
                }
                return m;
            }
            """;

    /** Writes {@code text} as UTF-8 at {@code dir/name}, creating folders. */
    static java.nio.file.Path write(java.nio.file.Path dir, String name, String text) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.writeString(p, text, java.nio.charset.StandardCharsets.UTF_8);
        return p;
    }

    /** Every path below {@code root} (itself as ""), relative and sorted. */
    static java.util.List<String> tree(java.nio.file.Path root) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** stdout as bytes (as {@link Main} writes it), stderr as text, and the exit code. */
    record Run(int code, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Runs heapify in-process; fails on anything that looks like a stack trace on stderr. */
    static Run run(String... args) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.run(args, new BytesPrintWriter(bytes, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintWriter(err));
        Run r = new Run(code, bytes.toByteArray(), err.toString());
        org.junit.jupiter.api.Assertions.assertFalse(r.err().contains("\tat ") || r.err().contains("Exception")
                || r.err().contains("StackOverflowError"), "stack trace on stderr: " + r.err());
        return r;
    }
}
