/* subinterp_host: imports a module in the main interpreter and in one
 * subinterpreter and runs a probe snippet in each.
 *
 * Part of heapify.verify (built once per interpreter against its
 * libpython).  Usage:
 *
 *     subinterp_host legacy   <probe.py>
 *     subinterp_host isolated <probe.py>
 *
 * The probe file is run with PyRun_SimpleString, first in the main
 * interpreter and then in the subinterpreter, each time after setting the
 * Python global HEAPIFY_WHERE to "main" or "sub"; the probe itself writes
 * its findings (it reads the module name and report path from the
 * environment).
 *
 * legacy:   Py_NewInterpreter() -- shared GIL, single-phase modules allowed.
 * isolated: Py_NewInterpreterFromConfig() with its own GIL, its own
 *           obmalloc and check_multi_interp_extensions = 1 (3.12+ only;
 *           exit status 3 on older versions).
 *
 * Exit status: 0 when both probes ran (the probe reports import failures
 * itself), 1 when a probe raised or the interpreter could not be created.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL) {
        buf[n] = '\0';
    }
    fclose(f);
    return buf;
}

static int
run_probe(const char *where, const char *code)
{
    char prefix[64];

    snprintf(prefix, sizeof prefix, "HEAPIFY_WHERE = '%s'\n", where);
    if (PyRun_SimpleString(prefix) != 0) {
        return -1;
    }
    return PyRun_SimpleString(code);
}

static PyThreadState *
new_subinterpreter(int isolated)
{
    if (!isolated) {
        return Py_NewInterpreter();
    }
#if PY_VERSION_HEX >= 0x030C0000
    {
        PyInterpreterConfig config = {
            .use_main_obmalloc = 0,
            .allow_fork = 0,
            .allow_exec = 0,
            .allow_threads = 1,
            .allow_daemon_threads = 0,
            .check_multi_interp_extensions = 1,
            .gil = PyInterpreterConfig_OWN_GIL,
        };
        PyThreadState *tstate = NULL;
        PyStatus status = Py_NewInterpreterFromConfig(&tstate, &config);
        if (PyStatus_Exception(status)) {
            fprintf(stderr, "subinterp_host: Py_NewInterpreterFromConfig failed: %s\n",
                    status.err_msg ? status.err_msg : "?");
            return NULL;
        }
        return tstate;
    }
#else
    return NULL;
#endif
}

int
main(int argc, char **argv)
{
    PyConfig config;
    PyStatus status;
    PyThreadState *main_tstate, *sub;
    char *code;
    int isolated, failed = 0;

    if (argc != 3 || (strcmp(argv[1], "legacy") != 0 && strcmp(argv[1], "isolated") != 0)) {
        fprintf(stderr, "usage: subinterp_host legacy|isolated <probe.py>\n");
        return 2;
    }
    isolated = strcmp(argv[1], "isolated") == 0;
#if PY_VERSION_HEX < 0x030C0000
    if (isolated) {
        fprintf(stderr, "subinterp_host: own-GIL subinterpreters need 3.12+\n");
        return 3;
    }
#endif
    code = read_file(argv[2]);
    if (code == NULL) {
        perror(argv[2]);
        return 2;
    }
    PyConfig_InitPythonConfig(&config);
    config.site_import = 0;
    config.install_signal_handlers = 0;
    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "subinterp_host: init failed: %s\n", status.err_msg ? status.err_msg : "?");
        free(code);
        return 1;
    }
    main_tstate = PyThreadState_Get();
    if (run_probe("main", code) != 0) {
        failed = 1;
    }
    sub = new_subinterpreter(isolated);
    if (sub == NULL) {
        failed = 1;
        PyThreadState_Swap(main_tstate);
    } else {
        if (run_probe("sub", code) != 0) {
            failed = 1;
        }
        Py_EndInterpreter(sub);
        PyThreadState_Swap(main_tstate);
    }
    if (Py_FinalizeEx() != 0) {
        failed = 1;
    }
    free(code);
    return failed;
}
