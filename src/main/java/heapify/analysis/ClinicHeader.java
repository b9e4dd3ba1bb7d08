package heapify.analysis;

import heapify.source.SourceText;
import java.nio.file.Path;

/**
 * Argument Clinic's generated output that a module includes as {@code #include "clinic/x.c.h"}:
 * {@code name} as the directive writes it, and its text. Its parsers name the type objects of the
 * module's {@code class} lines, so a type that migrates needs it regenerated: {@code clinic} is
 * the tree's {@code Tools/clinic/clinic.py} that does it, or null when none was found.
 */
public record ClinicHeader(String name, SourceText source, Path clinic) {
}
