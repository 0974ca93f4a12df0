package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.upload.SpooledUpload;
import dev.prism.core.upload.UploadSpooler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The files of the image forms, with the limits OpenAI documents for every model, checked as they
 * arrive and before any upstream is called: an edit takes up to 16 images ({@code image} once or
 * repeated, or {@code image[]}), each under 50 MB, and a mask under 4 MB, all of them together
 * bounded by {@code server.max_image_edit_mb}; a variation takes one {@code image}, bounded by
 * {@code server.max_upload_mb}. Limits of one model family (dall-e-2's square PNG under 4 MB) are
 * the upstream's, since an alias may point at any model.
 */
final class ImageUploads {
    static final int MAX_IMAGES = 16;
    static final long MAX_IMAGE_BYTES = 50L * 1024 * 1024;
    static final long MAX_MASK_BYTES = 4L * 1024 * 1024;
    static final String IMAGE = "image";
    static final String IMAGES = "image[]";
    static final String MASK = "mask";

    private ImageUploads() {}

    /** The files of {@code /v1/images/edits}. */
    static ReceivedForm.FileParts edit(UploadSpooler spooler, long maxTotalBytes) {
        return new ReceivedForm.FileParts() {
            @Override
            public boolean isFile(String name) {
                return name.equals(IMAGE) || name.equals(IMAGES) || name.equals(MASK);
            }

            @Override
            public SpooledUpload receive(PartHeaders part, InputStream body, List<ReceivedForm.ReceivedFile> received)
                    throws IOException {
                long left = maxTotalBytes - received.stream().mapToLong(f -> f.upload().size()).sum();
                if (part.name().equals(MASK)) {
                    if (received.stream().anyMatch(f -> f.field().equals(MASK))) {
                        throw GatewayException.invalid(MASK, "The form has more than one 'mask'.");
                    }
                    return spool(spooler, part, body, MAX_MASK_BYTES, left, MASK, maxTotalBytes);
                }
                List<String> imageFields = received.stream().map(ReceivedForm.ReceivedFile::field)
                        .filter(f -> !f.equals(MASK)).toList();
                if (imageFields.size() == MAX_IMAGES) {
                    throw GatewayException.invalid(IMAGE, "Too many images: an edit takes at most " + MAX_IMAGES
                            + " images.");
                }
                if (!imageFields.isEmpty() && !imageFields.getFirst().equals(part.name())) {
                    throw GatewayException.invalid(IMAGE, "Send the images either as 'image' or as 'image[]', not both.");
                }
                return spool(spooler, part, body, MAX_IMAGE_BYTES, left, IMAGE, maxTotalBytes);
            }
        };
    }

    /** The file of {@code /v1/images/variations}: one {@code image}. */
    static ReceivedForm.FileParts variation(UploadSpooler spooler) {
        return new ReceivedForm.FileParts() {
            @Override
            public boolean isFile(String name) {
                return name.equals(IMAGE);
            }

            @Override
            public SpooledUpload receive(PartHeaders part, InputStream body, List<ReceivedForm.ReceivedFile> received)
                    throws IOException {
                if (!received.isEmpty()) {
                    throw GatewayException.invalid(IMAGE, "The form has more than one 'image'.");
                }
                return spooler.spool(body, part.filename(), part.contentType(), spooler.maxBytes(),
                        () -> variationTooLarge(spooler));
            }
        };
    }

    /** The 413 for a variation's image over {@code server.max_upload_mb}. */
    static GatewayException variationTooLarge(UploadSpooler spooler) {
        return tooLarge("The uploaded image is too large: the limit is " + spooler.maxBytes() + " bytes.", IMAGE,
                "file_too_large");
    }

    /** The 413 for an edit whose files are over {@code server.max_image_edit_mb} together. */
    static GatewayException editTooLarge(long maxTotalBytes) {
        return tooLarge("The files of the edit are larger than " + maxTotalBytes + " bytes together"
                + " (server.max_image_edit_mb).", null, "request_too_large");
    }

    /** The field the edit's images came under: {@code image[]} when they came so, else {@code image}. */
    static String imageField(ReceivedForm form) {
        return form.files().stream().map(ReceivedForm.ReceivedFile::field).filter(f -> !f.equals(MASK)).findFirst()
                .orElse(IMAGE);
    }

    /** The edit's images, in the order they came. */
    static List<SpooledUpload> images(ReceivedForm form) {
        return form.files().stream().filter(f -> !f.field().equals(MASK)).map(ReceivedForm.ReceivedFile::upload).toList();
    }

    /** The edit's mask, or null. */
    static SpooledUpload mask(ReceivedForm form) {
        return form.files().stream().filter(f -> f.field().equals(MASK)).map(ReceivedForm.ReceivedFile::upload)
                .findFirst().orElse(null);
    }

    /**
     * Spools one file under the smaller of its own limit and what is left of the form's: over its own, a
     * 413 naming the part; over the form's, a 413 for the whole request.
     */
    private static SpooledUpload spool(UploadSpooler spooler, PartHeaders part, InputStream body, long ownLimit,
            long left, String param, long maxTotalBytes) throws IOException {
        boolean ownBinds = ownLimit <= left;
        return spooler.spool(body, part.filename(), part.contentType(), Math.min(ownLimit, left), () -> ownBinds
                ? tooLarge("The uploaded " + param + " is too large: the limit is " + ownLimit + " bytes ("
                        + ownLimit / (1024 * 1024) + " MB).", param, "file_too_large")
                : editTooLarge(maxTotalBytes));
    }

    private static GatewayException tooLarge(String message, String param, String code) {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, message, param, code);
    }
}
