package dev.edgevideo.camera;

import java.util.regex.Pattern;

/**
 * Hides credentials in camera URLs before they reach a log line, an error, a metric label or an API answer.
 */
public final class UrlMasker {

    // scheme://user:password@host -> scheme://***:***@host; also user-only forms and query passwords.
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final Pattern QUERY_SECRET =
            Pattern.compile("(?i)((?:password|passwd|pwd|token|secret|auth)=)[^&\\s]*");

    private UrlMasker() {
    }

    /** Returns the text with every {@code user:password@} and password-like query value replaced by stars. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("***:***@");
        return QUERY_SECRET.matcher(masked).replaceAll("$1***");
    }
}
