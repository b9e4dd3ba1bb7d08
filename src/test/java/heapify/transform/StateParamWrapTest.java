package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rule 7's state parameter added first to a helper: inline when the signature's line stays within
 * 79 columns (PEP 7), else followed by a line break, the other parameters aligned with the
 * parenthesis.
 */
class StateParamWrapTest {
    private static final String HELPER = """
            #include "Python.h"

            static PyObject *ErrorObject;

            static PyObject *raise_with_details(const char *message, Py_ssize_t code_number, int flags);

            static PyObject *
            raise_with_details(const char *message, Py_ssize_t code_number, int flags)
            {
                PyErr_Format(ErrorObject, "%s: %zd", message, code_number);
                return NULL;
            }

            static PyObject *
            fail(PyObject *module, PyObject *arg)
            {
                return raise_with_details("failed", PyLong_AsSsize_t(arg), 0);
            }

            static PyMethodDef m_methods[] = {
                {"fail", fail, METH_O, NULL},
                {NULL, NULL},
            };

            static struct PyModuleDef mmodule = {
                PyModuleDef_HEAD_INIT, "m", NULL, -1, m_methods,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                PyObject *m = PyModule_Create(&mmodule);
                if (m == NULL) {
                    return NULL;
                }
                ErrorObject = PyErr_NewException("m.error", NULL, NULL);
                if (ErrorObject == NULL) {
                    return NULL;
                }
                Py_INCREF(ErrorObject);
                if (PyModule_AddObject(m, "error", ErrorObject) < 0) {
                    return NULL;
                }
                return m;
            }
            """;

    private static String migrate(String c) {
        return MigrationAssert.migrate(Path.of("m.c"), c, 11).output();
    }

    @Test
    void aSignatureThatWouldPass79ColumnsBreaksAfterTheStateParameter() {
        String out = migrate(HELPER);
        assertTrue(out.contains("""
                static PyObject *
                raise_with_details(m_state *st,
                                   const char *message, Py_ssize_t code_number, int flags)
                {
                """), out);
        assertEquals(out, migrate(out), "a second run changes nothing");
    }

    @Test
    void aShortSignatureKeepsTheStateParameterInline() {
        String c = HELPER.replace("Py_ssize_t code_number, int flags", "Py_ssize_t code_number");
        String out = migrate(c.replace("PyLong_AsSsize_t(arg), 0)", "PyLong_AsSsize_t(arg))"));
        assertTrue(out.contains("""
                static PyObject *
                raise_with_details(m_state *st, const char *message, Py_ssize_t code_number)
                {
                """), out);
    }
}
