package heapify.transform;

import java.util.Objects;

/**
 * A piece of replacement text in a {@link PlannedEdit}: literal text copied from the file (or a
 * renamed token), or a template to render with a view record. {@code indent} is the base
 * indentation, in the file's own characters, put before every non-empty rendered line.
 */
public sealed interface Fragment permits Fragment.Text, Fragment.Template {
    record Text(String text) implements Fragment {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    record Template(String name, Object model, String indent) implements Fragment {
        public Template {
            Objects.requireNonNull(name);
            Objects.requireNonNull(model);
            Objects.requireNonNull(indent);
        }
    }

    static Fragment text(String t) {
        return new Text(t);
    }

    static Fragment template(String name, Object model, String indent) {
        return new Template(name, model, indent);
    }
}
