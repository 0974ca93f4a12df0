package dev.prism.core.ledger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: a URL may carry a password ({@code ?password=},
 * {@code ;PASSWORD=}, {@code user:secret@host}), so only its scheme, host, port and database are.
 */
final class LedgerUrls {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)([^&;]*)");

    private LedgerUrls() {}

    /** {@code jdbc:postgresql://db:5432/prism} of {@code jdbc:postgresql://u:p@db:5432/prism?ssl=true}. */
    static String redact(String url) {
        String shown = USER_INFO.matcher(url).replaceFirst("//");
        int parameters = indexOfAny(shown, '?', ';');
        return parameters < 0 ? shown : shown.substring(0, parameters);
    }

    /** {@code text} with each password the URL holds replaced by {@code ****}. */
    static String maskCredentials(String text, String url) {
        String masked = text;
        Matcher parameter = PASSWORD_PARAMETER.matcher(url);
        while (parameter.find()) {
            if (!parameter.group(2).isEmpty()) {
                masked = masked.replace(parameter.group(2), "****");
            }
        }
        Matcher userInfo = USER_INFO.matcher(url);
        if (userInfo.find()) {
            String info = userInfo.group().substring(2, userInfo.group().length() - 1);
            int colon = info.indexOf(':');
            if (colon >= 0 && colon + 1 < info.length()) {
                masked = masked.replace(info.substring(colon + 1), "****");
            }
        }
        return masked;
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        return first < 0 ? second : second < 0 ? first : Math.min(first, second);
    }
}
