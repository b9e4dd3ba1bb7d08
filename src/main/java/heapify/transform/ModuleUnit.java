package heapify.transform;

import java.util.Map;
import java.util.Set;

/**
 * What the module a file belongs to decides for it when the module is made of several files
 * (rule module-unit): {@code exported}, the extern types this file defines whose spec it now
 * exports; {@code created}, the types of other files the init file creates from their spec
 * (cName to tp_name, as the initializer writes it); {@code kept}, the extern types of this file that stay static, with where they are declared
 * and why ("declared extern in 'h' for the module of 'i.c'; left static: ...").
 * {@code init}, {@code header} and {@code exec} name the init file, the shared header that
 * declares the types and the init file's exec function, for the diagnostics. {@code inState}: the
 * created types that join the module's existing {@code state} (declared in the header, rule
 * state-merged), because module functions of the single-phase init file name them, or methods
 * of other files: {@code reached}, the types of that state this file's methods read through
 * {@code byDef}, the accessor from an instance's type (rule module-unit, UnitReach);
 * {@code moduleDef}, on the init file's unit, the module def that accessor looks for when the
 * shared header must get it ("" when it has it already or needs none).
 */
public record ModuleUnit(Set<String> exported, Map<String, String> created, Map<String, String> kept,
                         String init, String header, String exec, Set<String> inState, UnitState state,
                         Set<String> reached, String byDef, String moduleDef) {
    public static final ModuleUnit NONE = new ModuleUnit(Set.of(), Map.of(), Map.of(), "", "", "");

    public ModuleUnit {
        exported = Set.copyOf(exported);
        created = Map.copyOf(created);
        kept = Map.copyOf(kept);
        inState = Set.copyOf(inState);
        reached = Set.copyOf(reached);
    }

    /** No type of the state is read by methods of other files. */
    public ModuleUnit(Set<String> exported, Map<String, String> created, Map<String, String> kept, String init,
                      String header, String exec, Set<String> inState, UnitState state) {
        this(exported, created, kept, init, header, exec, inState, state, Set.of(), "", "");
    }

    /** No type of the unit joins the module's existing state. */
    public ModuleUnit(Set<String> exported, Map<String, String> created, Map<String, String> kept, String init,
                      String header, String exec) {
        this(exported, created, kept, init, header, exec, Set.of(), null);
    }

    /** The spec name an exported type gets: {@code X_spec}, as CPython 3.12 named _PyMp_SemLockType_spec. */
    public static String specName(String cName) {
        return cName + "_spec";
    }

    /** Its slots' name, {@code X_slots}. */
    public static String slotsName(String cName) {
        return cName + "_slots";
    }
}
