package dev.prism.spi;

import dev.prism.api.FormField;
import dev.prism.api.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with text fields and one or more files, whose length is known
 * up front and whose file bytes stream from the {@link Upload}s each time it is written.
 */
public final class MultipartBody implements RequestBody {
    /**
     * One file of the form.
     *
     * @param field the part's name, such as {@code file}, {@code image[]} or {@code mask}
     */
    public record FilePart(String field, Upload upload) {
        public FilePart {
            Objects.requireNonNull(field, "field is null");
            Objects.requireNonNull(upload, "upload is null");
        }
    }

    private final String boundary = "prism-" + UUID.randomUUID();
    private final List<byte[]> fieldParts = new ArrayList<>();
    private final List<FilePart> files;
    private final List<byte[]> fileHeads = new ArrayList<>();
    private final byte[] tail;

    private MultipartBody(List<FormField> fields, List<FilePart> files) {
        for (FormField field : fields) {
            fieldParts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(field.name())
                    + "\"\r\n\r\n" + field.value() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        this.files = List.copyOf(files);
        if (this.files.isEmpty()) {
            throw new IllegalArgumentException("a multipart body needs a file");
        }
        for (int i = 0; i < this.files.size(); i++) {
            FilePart file = this.files.get(i);
            // Every part after the first file starts on the line the previous file's bytes end on.
            fileHeads.add(((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + escape(file.field()) + "\"; filename=\"" + escape(file.upload().filename())
                    + "\"\r\nContent-Type: " + file.upload().contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        }
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A form of the given text fields, in order, followed by the file under {@code fileField}. */
    public static MultipartBody of(List<FormField> fields, String fileField, Upload file) {
        return new MultipartBody(fields, List.of(new FilePart(fileField, file)));
    }

    /**
     * A form of the given text fields, in order, followed by the files in order. Since SPI 2.2.
     *
     * @throws IllegalArgumentException when there is no file
     */
    public static MultipartBody of(List<FormField> fields, List<FilePart> files) {
        return new MultipartBody(fields, files);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }

    @Override
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    @Override
    public long length() {
        long length = tail.length;
        for (byte[] part : fieldParts) {
            length += part.length;
        }
        for (int i = 0; i < files.size(); i++) {
            length += fileHeads.get(i).length + files.get(i).upload().size();
        }
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (byte[] part : fieldParts) {
            out.write(part);
        }
        for (int i = 0; i < files.size(); i++) {
            out.write(fileHeads.get(i));
            try (InputStream in = files.get(i).upload().open()) {
                in.transferTo(out);
            }
        }
        out.write(tail);
    }

    /** The name of the first file part. */
    public String fileField() {
        return files.getFirst().field();
    }

    /** The file parts, in order. Since SPI 2.2. */
    public List<FilePart> files() {
        return files;
    }
}
