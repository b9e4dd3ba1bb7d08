package heapify.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * A {@link PrintWriter} over a byte stream that also takes bytes as they are. stdout is one of
 * these: reports and JSON go through it as text (in {@code charset}), while {@code migrate}
 * writes each file's diff in that file's own charset, so that a Latin-1 file's diff carries the
 * file's bytes and {@code patch} applies it.
 */
public final class BytesPrintWriter extends PrintWriter {
    private final OutputStream bytes;

    public BytesPrintWriter(OutputStream out, Charset charset) {
        super(new BufferedWriter(new OutputStreamWriter(out, charset), 1 << 16), false);
        this.bytes = out;
    }

    /** Writes {@code b} unchanged, after the text written so far; an I/O error sets {@link #checkError()}. */
    public void writeBytes(byte[] b) {
        flush();
        try {
            bytes.write(b);
        } catch (IOException e) {
            setError(); // as PrintWriter does for text: a closed pipe is not a crash
        }
    }

    /**
     * Writes {@code text} encoded in {@code charset}: as bytes when {@code out} is a
     * {@code BytesPrintWriter}, as text otherwise (an in-process caller's {@code StringWriter}).
     */
    public static void print(PrintWriter out, String text, Charset charset) {
        if (out instanceof BytesPrintWriter b) {
            b.writeBytes(text.getBytes(charset));
        } else {
            out.print(text);
        }
    }
}
