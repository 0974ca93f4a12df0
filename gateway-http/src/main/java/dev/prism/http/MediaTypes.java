package dev.prism.http;

import java.util.Locale;
import java.util.Optional;

/** Checks on request content types. */
final class MediaTypes {
    private MediaTypes() {}

    static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Whether the type is {@code multipart/form-data}, whatever its parameters (the boundary is checked when the form is read). */
    static boolean isMultipartForm(String contentType) {
        return essence(contentType).equals("multipart/form-data");
    }

    /**
     * The {@code boundary} parameter of a {@code multipart/form-data} type, unquoted: empty when it is
     * missing, empty or the header cannot be parsed.
     */
    static Optional<String> multipartBoundary(String contentType) {
        try {
            return Optional.ofNullable(ParameterizedHeader.parse(contentType).parameter("boundary"))
                    .filter(boundary -> !boundary.isEmpty());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
