package dev.prism.http;

import java.util.Locale;

/** Checks on request content types. */
final class MediaTypes {
    private MediaTypes() {}

    static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    static boolean isMultipartForm(String contentType) {
        return essence(contentType).equals("multipart/form-data") && contentType.toLowerCase(Locale.ROOT).contains("boundary=");
    }

    private static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
