package heapify.transform;

import static heapify.transform.MigrationAssert.assertMigrates;
import static heapify.transform.MigrationAssert.assertRerunReportsTheSame;

import org.junit.jupiter.api.Test;

/**
 * Rule 7 for the module's own m_free when the file also calls it with NULL for the module
 * (_asyncio's module_init fails with {@code module_free(NULL)}): it takes st as a parameter, from
 * its callers and from the generated free hook, since its argument cannot give the state.
 */
class ModuleFreeStateTest {
    private static final String BEFORE = """
            #include "Python.h"

            static PyObject *cache = NULL;

            static void
            module_free(void *m)
            {
                Py_CLEAR(cache);
            }

            static int
            module_init(void)
            {
                cache = PyDict_New();
                if (cache == NULL) {
                    goto fail;
                }
                if (PyDict_SetItemString(cache, "x", Py_None) < 0) {
                    goto fail;
                }
                return 0;

            fail:
                module_free(NULL);
                return -1;
            }

            static PyObject *
            get_cache(PyObject *module, PyObject *unused)
            {
                return Py_NewRef(cache);
            }

            static PyMethodDef m_methods[] = {
                {"get_cache", get_cache, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            static struct PyModuleDef m_module = {
                PyModuleDef_HEAD_INIT,
                .m_name = "m",
                .m_size = -1,
                .m_methods = m_methods,
                .m_free = (freefunc)module_free,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                if (module_init() < 0) {
                    return NULL;
                }
                return PyModule_Create(&m_module);
            }
            """;

    private static final String AFTER = """
            #include "Python.h"

            typedef struct {
                PyObject *cache;
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
                Py_VISIT(st->cache);
                return 0;
            }

            static int
            m_clear(PyObject *module)
            {
                m_state *st = get_m_state(module);
                Py_CLEAR(st->cache);
                return 0;
            }

            static void module_free(m_state *st, void *module);

            static void
            m_free_heapify(void *module)
            {
                module_free(get_m_state((PyObject *)module), module);
                (void)m_clear((PyObject *)module);
            }

            static void
            module_free(m_state *st, void *m)
            {
                Py_CLEAR(st->cache);
            }

            static int
            module_init(m_state *st)
            {
                st->cache = PyDict_New();
                if (st->cache == NULL) {
                    goto fail;
                }
                if (PyDict_SetItemString(st->cache, "x", Py_None) < 0) {
                    goto fail;
                }
                return 0;

            fail:
                module_free(st, NULL);
                return -1;
            }

            static PyObject *
            get_cache(PyObject *module, PyObject *unused)
            {
                m_state *st = get_m_state(module);
                return Py_NewRef(st->cache);
            }

            static PyMethodDef m_methods[] = {
                {"get_cache", get_cache, METH_NOARGS, NULL},
                {NULL, NULL}
            };

            static int
            m_exec(PyObject *module)
            {
                m_state *st = get_m_state(module);
                if (module_init(st) < 0) {
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
                .m_methods = m_methods,
                .m_slots = m_slots,
                .m_traverse = m_traverse,
                .m_clear = m_clear,
                .m_free = m_free_heapify,
            };

            PyMODINIT_FUNC
            PyInit_m(void)
            {
                return PyModuleDef_Init(&m_module);
            }
            """;

    @Test
    void anMFreeCalledWithNullTakesTheStateFromItsCallers() {
        assertMigrates(BEFORE, AFTER);
        assertRerunReportsTheSame(AFTER);
    }
}
