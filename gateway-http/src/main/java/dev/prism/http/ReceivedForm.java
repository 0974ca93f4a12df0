package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.core.upload.SpooledUpload;
import dev.prism.core.upload.UploadSpooler;
import io.helidon.http.media.multipart.MultiPart;
import io.helidon.http.media.multipart.ReadablePart;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A multipart form read whole: its text fields in order and its one file, spooled (hashed as it
 * arrives, on disk when large). Closing it deletes the spooled file.
 */
record ReceivedForm(List<FormField> fields, SpooledUpload file) implements AutoCloseable {
    private static final int MAX_FIELD_BYTES = 256 * 1024;
    private static final int MAX_FIELDS = 256;
    static final String FILE_FIELD = "file";

    /**
     * Reads the form.
     *
     * @throws GatewayException 400 for a broken form, 413 for a file over the limit, 503 when the
     *     file cannot be written to the spool directory (our disk, not the client: a
     *     {@link dev.prism.core.upload.SpoolFailure} is a {@code GatewayException}, never a {@code ClientGone})
     * @throws ClientGone when the client went away mid-upload (nothing is left behind)
     */
    static ReceivedForm read(ServerRequest request, UploadSpooler spooler) {
        List<FormField> fields = new ArrayList<>();
        SpooledUpload file = null;
        try {
            MultiPart parts = request.content().as(MultiPart.class);
            while (parts.hasNext()) {
                ReadablePart part = parts.next();
                if (FILE_FIELD.equals(part.name())) {
                    if (file != null) {
                        throw GatewayException.invalid(FILE_FIELD, "The form has more than one 'file'.");
                    }
                    String contentType = part.partHeaders().contentType().map(t -> t.mediaType().text()).orElse(null);
                    try (InputStream in = part.inputStream()) {
                        file = spooler.spool(in, part.fileName().orElse(null), contentType);
                    }
                } else {
                    if (fields.size() == MAX_FIELDS) {
                        throw GatewayException.invalid(null, "The form has too many fields.");
                    }
                    fields.add(new FormField(part.name(), text(part)));
                }
            }
            return new ReceivedForm(fields, file);
        } catch (GatewayException e) {
            close(file);
            throw e;
        } catch (IOException | RuntimeException e) {
            close(file);
            throw ClientGone.orBrokenForm(e);
        }
    }

    private static String text(ReadablePart part) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = part.inputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (bytes.size() + n > MAX_FIELD_BYTES) {
                    throw new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The form field '" + part.name() + "' is too large.",
                            part.name(), null);
                }
                bytes.write(buffer, 0, n);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw GatewayException.invalid(part.name(), "The form field '" + part.name() + "' is not valid UTF-8.");
        }
    }

    private static void close(SpooledUpload file) {
        if (file != null) {
            file.close();
        }
    }

    @Override
    public void close() {
        close(file);
    }
}
