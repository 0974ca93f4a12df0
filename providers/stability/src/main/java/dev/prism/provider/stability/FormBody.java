package dev.prism.provider.stability;

import dev.prism.api.FormField;
import dev.prism.spi.RequestBody;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body of text fields only. Stability takes nothing but multipart,
 * even for text-to-image, and the host's {@link dev.prism.spi.MultipartBody} always carries a file.
 */
final class FormBody {
    private FormBody() {}

    static RequestBody of(List<FormField> fields) {
        String boundary = "prism-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FormField field : fields) {
            write(out, "--" + boundary + "\r\n");
            write(out, "Content-Disposition: form-data; name=\"" + field.name() + "\"\r\n\r\n");
            write(out, field.value());
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return RequestBody.of("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
