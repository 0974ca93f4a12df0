package dev.prism.http;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** A {@code multipart/form-data} body as the SDKs send it, built by a test. */
final class Form {
    private final String boundary = "test-" + UUID.randomUUID();
    private final ByteArrayOutputStream fields = new ByteArrayOutputStream();
    private byte[] fileHead;
    private byte[] fileBytes = new byte[0];

    static Form create() {
        return new Form();
    }

    Form field(String name, String value) {
        fields.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * A file part in its place among the fields, for forms of several files ({@code image[]},
     * {@code mask}); {@code filename} and {@code contentType} may be null.
     */
    Form filePart(String name, String filename, String contentType, byte[] bytes) {
        fields.writeBytes(partHead(name, filename, contentType));
        fields.writeBytes(bytes);
        fields.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** The file part; {@code filename} and {@code contentType} may be null (the Java SDK sends no filename). */
    Form file(String filename, String contentType, byte[] bytes) {
        fileHead = fileHead(filename, contentType);
        fileBytes = bytes.clone();
        return this;
    }

    /** Declares a file part whose bytes the test streams itself (see {@link #stream}). */
    Form streamedFile(String filename, String contentType) {
        fileHead = fileHead(filename, contentType);
        return this;
    }

    private byte[] fileHead(String filename, String contentType) {
        return partHead("file", filename, contentType);
    }

    private byte[] partHead(String name, String filename, String contentType) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Everything before the file's bytes. */
    byte[] head() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fields.toByteArray());
        if (fileHead != null) {
            out.writeBytes(fileHead);
        }
        return out.toByteArray();
    }

    /** Everything after the file's bytes. */
    byte[] tail() {
        return ((fileHead == null ? "" : "\r\n") + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head());
        out.writeBytes(fileBytes);
        out.writeBytes(tail());
        return out.toByteArray();
    }

    /** The body with the file's bytes read from {@code file} as it is sent. */
    InputStream stream(InputStream file) {
        return new SequenceInputStream(Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(head()), file, new java.io.ByteArrayInputStream(tail()))));
    }
}
