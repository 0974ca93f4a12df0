package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.core.upload.SpooledUpload;
import dev.prism.core.upload.UploadSpooler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A multipart form read whole: its text fields in order and its files in order, spooled (hashed as
 * they arrive, on disk when large). Closing it deletes the spooled files.
 *
 * <p>A field whose name ends in {@code []} is an array and may repeat; any other name appears at
 * most once. Otherwise which copy counts would be a guess: the cache key read the last while an
 * upstream may honour the first, and put its answer for one format under the key of another.
 * Which parts are files, and how many of them, {@link FileParts} decides.
 */
record ReceivedForm(List<FormField> fields, List<ReceivedFile> files) implements AutoCloseable {
    /** Room for a data URL of a 10 s clip in {@code known_speaker_references[]}. */
    private static final int MAX_FIELD_BYTES = 4 * 1024 * 1024;
    private static final int MAX_FIELDS = 256;
    private static final long MIB = 1024 * 1024;
    static final String FILE_FIELD = "file";

    /** One file of the form, under the name of its part. */
    record ReceivedFile(String field, SpooledUpload upload) {}

    /** Which parts of a form are files, and how each is received: its limit, how many may come. */
    interface FileParts {
        /** Whether the part named {@code name} is a file (else it is a text field). */
        boolean isFile(String name);

        /**
         * Spools the file part, or refuses it (before reading it, when it is one too many).
         *
         * @param received the files of the form before this one
         * @throws GatewayException 400 or 413 naming the part
         */
        SpooledUpload receive(PartHeaders part, InputStream body, List<ReceivedFile> received) throws IOException;
    }

    /** One file under {@code file}, at the spooler's limit: transcriptions and translations. */
    static FileParts oneFile(UploadSpooler spooler) {
        return new FileParts() {
            @Override
            public boolean isFile(String name) {
                return FILE_FIELD.equals(name);
            }

            @Override
            public SpooledUpload receive(PartHeaders part, InputStream body, List<ReceivedFile> received)
                    throws IOException {
                if (!received.isEmpty()) {
                    throw GatewayException.invalid(FILE_FIELD, "The form has more than one 'file'.");
                }
                return spooler.spool(body, part.filename(), part.contentType());
            }
        };
    }

    /**
     * Reads the form from the request's body, as it arrives. Text fields are held on the heap, so they
     * are bounded as they arrive, however the body is framed: each by {@link #MAX_FIELD_BYTES}, all
     * together by {@code maxFieldsBytes}.
     *
     * @throws GatewayException 400 for a broken form or a Content-Type without a boundary, 413 for a file or
     *     text fields over the limit, 503 when the file cannot be written to the spool directory (our disk,
     *     not the client: a {@link dev.prism.core.upload.SpoolFailure} is a {@code GatewayException}, never a
     *     {@code ClientGone})
     * @throws ClientGone when the client went away mid-upload (nothing is left behind)
     */
    static ReceivedForm read(ServerRequest request, FileParts fileParts, long maxFieldsBytes) {
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String boundary = MediaTypes.multipartBoundary(contentType).orElseThrow(() -> GatewayException.invalid(null,
                "The multipart/form-data Content-Type has no boundary parameter."));
        return read(request.content().inputStream(), boundary, fileParts, maxFieldsBytes);
    }

    /** Reads the form from {@code body}, a multipart body with {@code boundary}; as {@link #read(ServerRequest, FileParts, long)}. */
    static ReceivedForm read(InputStream body, String boundary, FileParts fileParts, long maxFieldsBytes) {
        long fieldBytesLeft = maxFieldsBytes;
        List<FormField> fields = new ArrayList<>();
        Set<String> singleNames = new HashSet<>();
        List<ReceivedFile> files = new ArrayList<>();
        try {
            MultipartReader parts = new MultipartReader(body, boundary);
            PartHeaders part;
            while ((part = parts.next()) != null) {
                if (fileParts.isFile(part.name())) {
                    files.add(new ReceivedFile(part.name(), fileParts.receive(part, parts.body(), List.copyOf(files))));
                } else {
                    if (fields.size() == MAX_FIELDS) {
                        throw GatewayException.invalid(null, "The form has too many fields.");
                    }
                    if (!part.name().endsWith("[]") && !singleNames.add(part.name())) {
                        throw GatewayException.invalid(part.name(), "The form field '" + part.name()
                                + "' is given more than once; only array fields, named with '[]', may repeat.");
                    }
                    byte[] value = bytes(part.name(), parts.body(), fieldBytesLeft, maxFieldsBytes);
                    fieldBytesLeft -= value.length;
                    fields.add(new FormField(part.name(), utf8(part.name(), value)));
                }
            }
            return new ReceivedForm(fields, files);
        } catch (GatewayException e) {
            close(files);
            throw e;
        } catch (IOException | RuntimeException e) {
            close(files);
            throw ClientGone.orBrokenForm(e);
        }
    }

    /** The form's {@code file}, or null when it has none. */
    SpooledUpload file() {
        return files.stream().filter(f -> f.field().equals(FILE_FIELD)).map(ReceivedFile::upload).findFirst()
                .orElse(null);
    }

    private static byte[] bytes(String name, InputStream in, long fieldBytesLeft, long maxFieldsBytes)
            throws IOException {
        long limit = Math.min(MAX_FIELD_BYTES, fieldBytesLeft);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (bytes.size() + n > limit) {
                throw bytes.size() + n > MAX_FIELD_BYTES
                        ? tooLarge("The form field '" + name + "' is larger than " + MAX_FIELD_BYTES / MIB + " MiB.", name)
                        : tooLarge("The text fields of the form are larger than " + maxFieldsBytes / MIB
                                + " MiB together.", null);
            }
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    private static GatewayException tooLarge(String message, String param) {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, message, param, "request_too_large");
    }

    private static String utf8(String name, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw GatewayException.invalid(name, "The form field '" + name + "' is not valid UTF-8.");
        }
    }

    private static void close(List<ReceivedFile> files) {
        files.forEach(f -> f.upload().close());
    }

    /** The bytes of the form's text fields and its files: what the client sent, less the multipart framing. */
    long size() {
        long text = fields.stream().mapToLong(f -> f.name().length() + (long) f.value().getBytes(StandardCharsets.UTF_8).length).sum();
        return text + files.stream().mapToLong(f -> f.upload().size()).sum();
    }

    @Override
    public void close() {
        close(files);
    }
}
