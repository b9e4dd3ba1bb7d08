package heapify.transform;

import heapify.lex.Token;
import heapify.lex.TokenList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the files of a run do with the C API capsules they import (rule capsule-per-module), by
 * the capsule's name as its {@code PyCapsule_Import} call spells it ({@code PySocket_CAPSULE_NAME}
 * or a string literal). {@code headers}: per capsule name, the local headers whose macros import it
 * ({@code socketmodule.h}'s {@code PySocketModule_ImportModuleAndAPI()}).
 */
public record CapsuleUse(Map<String, List<Consumer>> byName, Map<String, Set<String>> headers) {
    /** A run that saw no consumer: every capsule keeps the rule capsule-exports-type. */
    public static final CapsuleUse NONE = new CapsuleUse(Map.of(), Map.of());

    /**
     * One place that imports a capsule: {@code file} and {@code line}, the {@code function} it is
     * in, and {@code keeps}, what makes the pointers it takes outlive the call ("" when nothing
     * does: it reads the capsule into a local and what it keeps of it, it holds a reference to).
     */
    public record Consumer(String file, int line, String function, String keeps) {
        public boolean perModule() {
            return keeps.isEmpty();
        }

        /** {@code _ssl.c:5737 (sslmodule_init_socketapi)}. */
        public String where() {
            return file + ":" + line + (function.isEmpty() ? "" : " (" + function + ")");
        }
    }

    public CapsuleUse {
        byName = Map.copyOf(byName);
        headers = Map.copyOf(headers);
    }

    public List<Consumer> consumersOf(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /**
     * The code of argument {@code n} (from 0) of the call whose '(' is token {@code open}, its
     * tokens joined by one space: how both sides of a capsule are matched by name.
     */
    public static String argument(TokenList toks, int open, int n) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        int argument = 0;
        for (int k = open; k >= 0; k = toks.nextCode(k)) {
            Token t = toks.get(k);
            if (t.isPunct("(")) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (t.isPunct(")")) {
                depth--;
            }
            if (depth == 0) {
                break;
            }
            if (depth == 1 && t.isPunct(",")) {
                argument++;
            } else if (argument == n) {
                b.append(b.length() == 0 ? "" : " ").append(t.text());
            }
        }
        return b.toString();
    }

    /** The capsule {@code name} is imported by the macros of {@code header} (a file name). */
    public boolean importedThrough(String name, String header) {
        return headers.getOrDefault(name, Set.of()).contains(header);
    }
}
