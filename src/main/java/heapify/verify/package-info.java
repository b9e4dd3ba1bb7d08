/**
 * Proof of a migration on real CPython interpreters: builds a single-file extension module,
 * runs its unittest script, and checks what only running processes can show (static type
 * objects left in the {@code .so}, type identity across subinterpreters, import into an
 * own-GIL subinterpreter, repeated embedding cycles, leaks, valgrind).
 *
 * <p>Entry point: {@link heapify.verify.Prover#prove}, which returns a {@link
 * heapify.verify.ProofReport}. {@link heapify.verify.BuildCheck} is the small sibling {@code migrate}
 * uses before it writes: a syntax-only compile of one file before and after migration, compared by
 * errors and warnings. {@link heapify.verify.PackageProver} is the package counterpart of {@code Prover}:
 * a {@link heapify.verify.PackageSpec} read from a table ({@link heapify.verify.PackageTable}) names
 * modules built from several C files into the place the package imports them from, and the package's
 * own test command, whose counts {@link heapify.verify.SuiteResult} reads; {@link
 * heapify.verify.PackageFacts} compares a migrated tree with the original. Everything runs under a
 * work directory given by the caller;
 * nothing here holds static mutable state.
 */
package heapify.verify;
