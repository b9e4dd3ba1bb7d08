package heapify.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import heapify.transform.Fragment;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders {@link Fragment}s. FreeMarker is configured strictly: errors rethrow, missing values
 * fail, and view records are read as {@code view.name} (record components as properties,
 * FREEMARKER-183, incompatible improvements 2.3.33+). Templates come from the class path
 * ({@code /templates}), or from a folder when one is given (tests of a working tree).
 */
public final class Renderer {
    private final TemplateLoader loader;
    private final boolean inJar;
    /**
     * Made at the first render, not with the renderer: {@code new Configuration} (its object
     * wrapper and member access policy, its locale and logger look-ups) takes about 0.1 s of a cold
     * process, on the main thread before the first file is read; a run that renders nothing (a tree
     * with nothing to migrate, a scan) no longer pays it, and a migrate run pays it on the worker
     * thread of the first file that renders, while the other workers go on.
     */
    private volatile Configuration cfg;

    public Renderer() {
        this(new ClassTemplateLoader(Renderer.class, "/templates"), true);
    }

    public Renderer(Path templateDir) {
        this(fileLoader(templateDir), false);
    }

    private Renderer(TemplateLoader loader, boolean inJar) {
        this.loader = loader;
        this.inJar = inJar;
    }

    private Configuration cfg() {
        Configuration c = cfg;
        if (c == null) {
            synchronized (this) {
                c = cfg;
                if (c == null) {
                    c = configure();
                    cfg = c;
                }
            }
        }
        return c;
    }

    private Configuration configure() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34);
        c.setTemplateLoader(loader);
        c.setDefaultEncoding("UTF-8");
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        c.setWhitespaceStripping(true);
        c.setLocalizedLookup(false); // there are no name_en_US.ftl variants to look for first
        if (inJar) {
            c.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE); // in the jar: never changes during a run, no re-check
        }
        return c;
    }

    private static TemplateLoader fileLoader(Path dir) {
        try {
            return new FileTemplateLoader(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Templates under this folder in a source tree, else the class path. */
    public static Renderer forWorkingTree() {
        Path dir = Path.of(System.getProperty("heapify.root", "."), "templates");
        return Files.isDirectory(dir) ? new Renderer(dir) : new Renderer();
    }

    /** Renders a template with its view record, as LF text with 4-space indents. */
    public String renderRaw(String name, Object model) {
        return renderRaw(name, model, "st");
    }

    /** As {@link #renderRaw(String, Object)}, the module state pointer named {@code stateVariable} ({@code st} in templates). */
    public String renderRaw(String name, Object model, String stateVariable) {
        try {
            Template t = cfg().getTemplate(name + ".ftl");
            StringWriter w = new StringWriter();
            t.process(Map.of("v", model, "st", stateVariable), w);
            String out = w.toString();
            // template files end with a line break that is not part of the construct
            return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        } catch (IOException e) {
            throw new UncheckedIOException("template " + name, e);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + name + ": " + e.getMessage(), e);
        }
    }

    public String render(Fragment f, TextStyle style) {
        if (f instanceof Fragment.Text t) {
            return t.text();
        }
        Fragment.Template t = (Fragment.Template) f;
        return style.adapt(renderRaw(t.name(), t.model(), t.stateVariable()), t.indent());
    }
}
