package heapify.verify;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What memcheck found in an embedding run: heap blocks still held at exit that were allocated
 * through the module's own code, and memory errors by kind.
 *
 * <p>A leak record counts as the module's when a frame of its allocation stack lies in the
 * module's {@code .so}. Interned strings are counted apart, since CPython keeps them for the life
 * of the process by design (3.12+ makes them immortal and does not free them at finalization): a
 * record is one when its stack passes through string interning ({@code PyUnicode_InternInPlace},
 * {@code PyUnicode_InternFromString}, ...) or allocates a str under {@code PyDict_SetItemString},
 * which interns its key (what {@code PyModule_AddType} and {@code PyModule_AddObjectRef} call).
 *
 * <p>Blocks that another module allocated while the module imported it are not the module's
 * either: a record whose stack, between the allocation and the innermost frame in the module's
 * {@code .so}, passes through {@code PyImport_Import*} (the module's exec importing {@code
 * datetime}, {@code PyDateTime_IMPORT}, ...) is counted apart. What that module leaves at exit
 * is its own (static types of {@code _datetime}, strings 3.12+ interns while unmarshalling its
 * code); a reference the module keeps to such an object is still seen by the block and reference
 * comparison against a baseline that imports the same dependencies.
 *
 * @param cycles             embedding cycles run under valgrind
 * @param embedOk            the host itself succeeded (snippets ran, finalization ok)
 * @param moduleHeldBlocks   blocks still held at exit allocated through the module (all leak kinds)
 * @param moduleHeldBytes    their bytes
 * @param internedBlocks     module-allocated blocks excluded because they are interned strings
 * @param importedBlocks     blocks excluded because another module allocated them while the module
 *                           imported it
 * @param moduleLeakStacks   one line per counted record: kind, blocks, first function names
 * @param errorKinds         non-leak error kinds and their counts ({@code InvalidRead}, {@code UninitValue}, ...)
 * @param process            the valgrind run
 */
public record ValgrindResult(int cycles, boolean embedOk, long moduleHeldBlocks, long moduleHeldBytes,
                             long internedBlocks, long importedBlocks, List<String> moduleLeakStacks,
                             Map<String, Integer> errorKinds, ProcessResult process) {
    /** The number of invalid reads reported. */
    public int invalidReads() {
        return errorKinds.getOrDefault("InvalidRead", 0);
    }

    /** The number of invalid writes and frees reported. */
    public int invalidWritesAndFrees() {
        return errorKinds.getOrDefault("InvalidWrite", 0) + errorKinds.getOrDefault("InvalidFree", 0)
                + errorKinds.getOrDefault("MismatchedFree", 0);
    }

    /**
     * Parses memcheck's XML output ({@code --xml=yes}); {@code soPaths} are the paths under which
     * the module's {@code .so} may appear in {@code <obj>} elements.
     */
    public static ValgrindResult parse(String xml, List<String> soPaths, int cycles, boolean embedOk,
                                       ProcessResult process) {
        Document doc = document(xml);
        long blocks = 0;
        long bytes = 0;
        long interned = 0;
        long imported = 0;
        List<String> stacks = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        NodeList errors = doc.getElementsByTagName("error");
        for (int i = 0; i < errors.getLength(); i++) {
            Element error = (Element) errors.item(i);
            String kind = text(error, "kind");
            if (!kind.startsWith("Leak_")) {
                kinds.merge(kind, 1, Integer::sum);
                continue;
            }
            List<String[]> frames = frames(error);
            int innermost = innermostModuleFrame(frames, soPaths);
            if (innermost < 0) {
                continue;
            }
            Element xwhat = (Element) error.getElementsByTagName("xwhat").item(0);
            long recBlocks = xwhat == null ? 0 : parseLong(text(xwhat, "leakedblocks"));
            long recBytes = xwhat == null ? 0 : parseLong(text(xwhat, "leakedbytes"));
            if (isInternedString(frames)) {
                interned += recBlocks;
                continue;
            }
            if (allocatedByAnImport(frames.subList(0, innermost))) {
                imported += recBlocks;
                continue;
            }
            blocks += recBlocks;
            bytes += recBytes;
            StringBuilder s = new StringBuilder(kind).append(' ').append(recBlocks).append(" blocks:");
            frames.stream().skip(1).limit(8).forEach(f -> s.append(' ').append(f[1].isEmpty() ? "?" : f[1]));
            stacks.add(s.toString());
        }
        return new ValgrindResult(cycles, embedOk, blocks, bytes, interned, imported, List.copyOf(stacks),
                Map.copyOf(kinds), process);
    }

    /** The index of the first frame (from the allocation outwards) in the module's {@code .so}, or -1. */
    private static int innermostModuleFrame(List<String[]> frames, List<String> soPaths) {
        for (int i = 0; i < frames.size(); i++) {
            if (soPaths.contains(frames.get(i)[0])) {
                return i;
            }
        }
        return -1;
    }

    /** True if these frames (allocation side of the module's innermost frame) import another module. */
    static boolean allocatedByAnImport(List<String[]> framesInsideModule) {
        return framesInsideModule.stream().anyMatch(f -> f[1].startsWith("PyImport_Import"));
    }

    /** True if the allocation stack creates an interned str (see the class comment). */
    static boolean isInternedString(List<String[]> frames) {
        boolean interning = frames.stream().anyMatch(f -> f[1].contains("Intern"));
        boolean strUnderSetItemString = frames.stream().anyMatch(f -> f[1].equals("PyUnicode_New"))
                && frames.stream().anyMatch(f -> f[1].equals("PyDict_SetItemString"));
        return interning || strUnderSetItemString;
    }

    /** {obj, fn} of each frame of the error's first stack. */
    private static List<String[]> frames(Element error) {
        List<String[]> out = new ArrayList<>();
        NodeList stacks = error.getElementsByTagName("stack");
        if (stacks.getLength() == 0) {
            return out;
        }
        NodeList frames = ((Element) stacks.item(0)).getElementsByTagName("frame");
        for (int i = 0; i < frames.getLength(); i++) {
            Element f = (Element) frames.item(i);
            out.add(new String[] {text(f, "obj"), text(f, "fn")});
        }
        return out;
    }

    private static String text(Element parent, String child) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(child)) {
                return e.getTextContent().trim();
            }
        }
        return "";
    }

    private static long parseLong(String s) {
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    private static Document document(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("cannot parse valgrind XML: " + e.getMessage(), e);
        }
    }
}
