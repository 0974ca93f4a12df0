package dev.prism.spi;

import dev.prism.api.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with text fields and one file, whose length is known up front
 * and whose file bytes stream from the {@link Upload} each time it is written.
 */
public final class MultipartBody implements RequestBody {
    private final String boundary = "prism-" + UUID.randomUUID();
    private final List<byte[]> fieldParts = new ArrayList<>();
    private final String fileField;
    private final Upload file;
    private final byte[] fileHead;
    private final byte[] tail;

    private MultipartBody(List<dev.prism.api.FormField> fields, String fileField, Upload file) {
        for (dev.prism.api.FormField field : fields) {
            fieldParts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(field.name())
                    + "\"\r\n\r\n" + field.value() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        this.fileField = fileField;
        this.file = file;
        this.fileHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(fileField)
                + "\"; filename=\"" + escape(file.filename()) + "\"\r\nContent-Type: " + file.contentType()
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A form of the given text fields, in order, followed by the file under {@code fileField}. */
    public static MultipartBody of(List<dev.prism.api.FormField> fields, String fileField, Upload file) {
        return new MultipartBody(fields, fileField, file);
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
        long length = fileHead.length + file.size() + tail.length;
        for (byte[] part : fieldParts) {
            length += part.length;
        }
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (byte[] part : fieldParts) {
            out.write(part);
        }
        out.write(fileHead);
        try (InputStream in = file.open()) {
            in.transferTo(out);
        }
        out.write(tail);
    }

    /** The name of the file part. */
    public String fileField() {
        return fileField;
    }
}
