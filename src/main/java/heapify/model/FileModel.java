package heapify.model;

import heapify.parse.ParsedFile;
import heapify.source.Diagnostic;
import heapify.source.SourceText;
import java.util.List;
import java.util.Optional;

/**
 * Everything heapify knows about one C file: the parse, the static types and their tables, the
 * functions, the variables with static storage, the module definition and the init function.
 * {@code prototypes}: the functions declared at file level without a body there (a definition
 * elsewhere in the file may follow), in order of first declaration.
 */
public record FileModel(ParsedFile parsed, List<StaticType> types, List<String> forwardTypes,
                        List<SubTable> subTables, List<MemberTable> memberTables, List<ModuleDef> moduleDefs,
                        List<InitFunction> inits, List<FunctionDef> functions, List<Global> globals,
                        List<SpecType> specTypes, List<String> prototypes, List<Diagnostic> diagnostics) {
    public FileModel {
        types = List.copyOf(types);
        forwardTypes = List.copyOf(forwardTypes);
        subTables = List.copyOf(subTables);
        memberTables = List.copyOf(memberTables);
        moduleDefs = List.copyOf(moduleDefs);
        inits = List.copyOf(inits);
        functions = List.copyOf(functions);
        globals = List.copyOf(globals);
        specTypes = List.copyOf(specTypes);
        prototypes = List.copyOf(prototypes);
        diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The model with {@code fileLocal} types (defined without {@code static}, named by no other
     * file) taken as static: their linkage is internal in effect, so they migrate like static ones.
     */
    public FileModel withFileLocalTypes(java.util.Set<String> fileLocal) {
        if (fileLocal.isEmpty()) {
            return this;
        }
        List<StaticType> ts = types.stream()
                .map(t -> fileLocal.contains(t.cName()) ? t.withStorage("static") : t).toList();
        return new FileModel(parsed, ts, forwardTypes, subTables, memberTables, moduleDefs, inits, functions, globals,
                specTypes, prototypes, diagnostics);
    }

    public SourceText source() {
        return parsed.tokens().source();
    }

    public Optional<StaticType> type(String cName) {
        return types.stream().filter(t -> t.cName().equals(cName)).findFirst();
    }

    public Optional<SubTable> subTable(String cName) {
        return subTables.stream().filter(t -> t.cName().equals(cName)).findFirst();
    }

    public Optional<MemberTable> memberTable(String cName) {
        return memberTables.stream().filter(t -> t.cName().equals(cName)).findFirst();
    }

    public Optional<FunctionDef> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
