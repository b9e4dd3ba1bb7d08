package heapify.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import heapify.lex.Lexing;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link InitMacros}: the init and capsule macros a file's directives define, comments and all. */
class InitMacrosTest {
    private static Set<String> inits(String c) {
        return InitMacros.definedIn(Lexing.lex(SourceText.of(Path.of("m.h"), c)));
    }

    private static Set<String> capsules(String c) {
        return InitMacros.capsuleMakersIn(Lexing.lex(SourceText.of(Path.of("m.h"), c)));
    }

    @Test
    void initMacrosAreFoundWithCommentsAndContinuations() {
        assertEquals(Set.of("MODINIT_DEFINE"), inits("#define MODINIT_DEFINE(mod) PyMODINIT_FUNC PyInit_##mod(void)\n"));
        assertEquals(Set.of("A"), inits("#define A(m) /* the entry */ PyMODINIT_FUNC \\\n    PyInit_ ## m (void)\n"));
        // a comment whose removal joins the name: still the same macro
        assertEquals(Set.of("B"), inits("#define B(m) PyMODINIT/* x */_FUNC PyInit_##m(void) // B\n"));
        assertEquals(Set.of(), inits("#define C(m) PyMODINIT_FUNC PyInit_##n(void)\n#define D 1 /* PyInit_ */\n"));
        assertEquals(List.of("E", "F"), List.copyOf(inits("#define E(m) PyMODINIT_FUNC PyInit_##m(void)\nint x;\n"
                + "#  define F( z ) PyMODINIT_FUNC PyInit_##z( void )\n")));
    }

    @Test
    void capsuleMakersNameTheCall() {
        assertEquals(Set.of("encapsulate_api"), capsules("#define encapsulate_api(ptr, module) \\\n"
                + "    PyCapsule_New(ptr, \"m._C_API\", NULL)\n#define other(x) PyCapsule_NewX(x)\n"));
        assertEquals(Set.of(), capsules("#define g(x) f(x) /* not PyCapsule_ */\nPyCapsule_New(a, b, c);\n"));
    }
}
