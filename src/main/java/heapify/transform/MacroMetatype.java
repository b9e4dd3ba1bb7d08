package heapify.transform;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metatype a function-like macro of the file gives the type it is called with, as
 * {@code _ctypes}' {@code MOD_ADD_TYPE(&Struct_Type, &PyCStructType_Type, &PyCData_Type)} does
 * with {@code Py_SET_TYPE(type, TP_TYPE)} on {@code PyTypeObject *type = (TYPE_EXPR);}. Such a type
 * needs {@code PyType_FromMetaclass} (3.12), the real reason it stays static, which the plan says
 * instead of only naming the macro.
 */
final class MacroMetatype {
    /** How {@link TypeBlockers#keepTypesSetUpByMacros} marks such a type; the metatype follows. */
    static final String REASON = "metatype ";

    private static final Pattern HEAD = Pattern.compile("#\\s*define\\s+\\w+\\(([^)]*)\\)");
    private static final Pattern ALIAS = Pattern.compile("PyTypeObject\\s*\\*\\s*(\\w+)\\s*=\\s*\\(?\\s*(\\w+)\\s*\\)?\\s*;");
    private static final Pattern SET_TYPE = Pattern.compile("Py_SET_TYPE\\(\\s*\\(?\\s*(\\w+)\\s*\\)?\\s*,\\s*\\(?\\s*(\\w+)\\s*\\)?\\s*\\)");

    private MacroMetatype() {
    }

    /**
     * The metatype argument of one call ({@code arguments} as written between its parentheses)
     * when the macro sets the metatype of its first parameter to one of its parameters and the
     * argument is another type than {@code PyType_Type}; else null.
     */
    static String of(String definition, String arguments) {
        Matcher head = HEAD.matcher(definition);
        if (!head.find()) {
            return null;
        }
        List<String> params = List.of(head.group(1).split("\\s*,\\s*")).stream().map(String::strip).toList();
        List<String> args = List.of(arguments.split(",")).stream().map(String::strip).toList();
        if (params.size() != args.size() || params.isEmpty()) {
            return null; // nested commas or variadic: not read
        }
        String body = definition.substring(head.end()).replaceAll("\\\\\\R", " ");
        Matcher set = SET_TYPE.matcher(body);
        if (!set.find()) {
            return null;
        }
        String target = set.group(1);
        Matcher alias = ALIAS.matcher(body);
        while (alias.find()) {
            if (alias.group(1).equals(target)) {
                target = alias.group(2);
            }
        }
        int typeParam = params.indexOf(target);
        int metaParam = params.indexOf(set.group(2));
        if (typeParam != 0 || metaParam < 0) {
            return null;
        }
        String meta = args.get(metaParam);
        return meta.matches("&\\s*\\w+") && !meta.matches("&\\s*PyType_Type") ? meta : null;
    }
}
