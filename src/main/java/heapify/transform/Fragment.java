package heapify.transform;

import java.util.Objects;

/**
 * A piece of replacement text in a {@link PlannedEdit}: a template to render with a view record,
 * or literal text that cannot be C of heapify's making: line breaks, or one identifier (a token
 * renamed, as {@code PyModule_AddObject} to {@code PyModule_AddObjectRef}). Every other emitted
 * C comes from a template ({@code TemplatesOnlyTest} guards the string literals of this package).
 * {@code indent} is the base indentation, in the file's own characters, put before every
 * non-empty rendered line.
 */
public sealed interface Fragment permits Fragment.Text, Fragment.Template {
    record Text(String text) implements Fragment {
        public Text {
            Objects.requireNonNull(text);
            if (!text.matches("(\\r?\\n)*|[A-Za-z_]\\w*")) {
                throw new IllegalArgumentException("literal text is line breaks or one identifier: '" + text + "'");
            }
        }
    }

    /** {@code stateVariable}: the name templates give the module state pointer ({@code st} unless the file spells it). */
    record Template(String name, Object model, String indent, String stateVariable) implements Fragment {
        public Template {
            Objects.requireNonNull(name);
            Objects.requireNonNull(model);
            Objects.requireNonNull(indent);
            Objects.requireNonNull(stateVariable);
        }

        public Template(String name, Object model, String indent) {
            this(name, model, indent, "st");
        }
    }

    /** {@code count} of the file's line endings. */
    static Fragment lineBreaks(String eol, int count) {
        return new Text(eol.repeat(count));
    }

    /** One identifier: a renamed token, or a name the import machinery now provides. */
    static Fragment identifier(String name) {
        return new Text(name);
    }

    static Fragment template(String name, Object model, String indent) {
        return new Template(name, model, indent);
    }

    static Fragment template(String name, Object model, String indent, String stateVariable) {
        return new Template(name, model, indent, stateVariable);
    }
}
