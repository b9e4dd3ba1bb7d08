/* embed_host: repeated Py_Initialize / run a snippet / Py_FinalizeEx cycles.
 *
 * Part of heapify.verify (built once per interpreter against its
 * libpython).  Usage:
 *
 *     embed_host <cycles> <snippet.py> <report-file>
 *
 * Each cycle initializes the interpreter without `site` (so startup .pth
 * files add no noise), runs the snippet file with PyRun_SimpleString,
 * finalizes, and appends one line to the report:
 *
 *     cycle <i> rc <snippet rc> fin <Py_FinalizeEx rc> blocks <n> reftotal <n>
 *
 * blocks = _Py_GetAllocatedBlocks() after finalization (3.9-3.11; -1
 * elsewhere), reftotal = the debug build's total reference count (-1 in a
 * release build).  Exit status: 0 if every cycle ran its snippet and
 * finalized cleanly, 1 otherwise, 2 on bad usage.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>

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
initialize(void)
{
    PyConfig config;
    PyStatus status;

    PyConfig_InitPythonConfig(&config);
    config.site_import = 0;
    config.install_signal_handlers = 0;
    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "embed_host: Py_InitializeFromConfig failed: %s\n",
                status.err_msg ? status.err_msg : "?");
        return -1;
    }
    return 0;
}

#if PY_VERSION_HEX < 0x030C0000
/* Exported by libpython 3.9-3.11; 3.11 declares it only in an internal header. */
PyAPI_FUNC(Py_ssize_t) _Py_GetAllocatedBlocks(void);
#endif

static Py_ssize_t
allocated_blocks(void)
{
#if PY_VERSION_HEX < 0x030C0000
    return _Py_GetAllocatedBlocks();
#else
    return -1;                  /* per-interpreter allocators: not comparable */
#endif
}

static Py_ssize_t
ref_total(void)
{
#if defined(Py_REF_DEBUG) && PY_VERSION_HEX >= 0x030C0000
    return _Py_GetGlobalRefTotal();
#elif defined(Py_REF_DEBUG)
    return _Py_GetRefTotal();
#else
    return -1;
#endif
}

int
main(int argc, char **argv)
{
    int cycles, i, failed = 0;
    char *code;
    FILE *report;

    if (argc != 4 || (cycles = atoi(argv[1])) <= 0) {
        fprintf(stderr, "usage: embed_host <cycles> <snippet.py> <report-file>\n");
        return 2;
    }
    code = read_file(argv[2]);
    if (code == NULL) {
        perror(argv[2]);
        return 2;
    }
    report = fopen(argv[3], "w");
    if (report == NULL) {
        perror(argv[3]);
        free(code);
        return 2;
    }
    for (i = 1; i <= cycles; i++) {
        int rc, fin;
        if (initialize() < 0) {
            fprintf(report, "cycle %d init-failed\n", i);
            failed = 1;
            break;
        }
        rc = PyRun_SimpleString(code);
        fin = Py_FinalizeEx();
        fprintf(report, "cycle %d rc %d fin %d blocks %zd reftotal %zd\n",
                i, rc, fin, allocated_blocks(), ref_total());
        fflush(report);
        if (rc != 0 || fin != 0) {
            failed = 1;
        }
    }
    fclose(report);
    free(code);
    return failed;
}
