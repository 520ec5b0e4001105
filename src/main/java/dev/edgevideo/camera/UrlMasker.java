package dev.edgevideo.camera;

import java.util.regex.Pattern;

/**
 * Hides credentials in camera URLs before they reach a log line, an error, a metric label or an API answer: the
 * one place that knows what a credential looks like. Also used for every line of the service's log (the layout's
 * {@code %maskedMsg}), where Camel's DEBUG lines print template parameters and property values (broker passwords
 * among them) and FFmpeg's own log prints the HTTP requests it sends, {@code Authorization} header included.
 */
public final class UrlMasker {

    // scheme://user:password@host -> scheme://***:***@host; also user-only forms and query passwords.
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    // The same, percent-encoded as in an endpoint URI option: rtsp%3A%2F%2Fuser%3Apassword%40host.
    private static final Pattern ENCODED_USER_INFO = Pattern.compile("(?i)(?<=%3A%2F%2F)[^/@\\s&]+?%40");
    private static final Pattern QUERY_SECRET =
            Pattern.compile("(?i)((?:password|passwd|pwd|token|secret|auth)=)[^&\\s]*");
    // A property whose key names a secret (not a file of one), as Camel prints it at DEBUG while resolving
    // placeholders ("Found property: redis.password with value: s3cret to be used.", "Resolved text:
    // {{redis.password}} -> s3cret"): the whole value, spaces included.
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?im)(\\b[\\w.-]*(?:password|passwd|secret|token"
                                                                   + "|passphrase)[\\w.-]*(?<!-file)(?:}})?"
                                                                   + "(?: with value: | -> ))(.*?)"
                                                                   + "(?= to be used\\.$|$)");
    // Authorization: Basic dXNlcjpwYXNz (base64 of user:password) or Digest username=..., response=...
    private static final Pattern AUTHORIZATION_HEADER =
            Pattern.compile("(?im)^(\\s*(?:proxy-)?authorization:\\s*\\S+).*$");

    private UrlMasker() {
    }

    /**
     * Returns the text with every {@code user:password@} (plain or percent-encoded), password-like query value,
     * {@code Authorization} header value and value of a password-like property replaced by stars.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("***:***@");
        masked = ENCODED_USER_INFO.matcher(masked).replaceAll("***%3A***%40");
        masked = AUTHORIZATION_HEADER.matcher(masked).replaceAll("$1 ***");
        masked = SECRET_PROPERTY.matcher(masked).replaceAll("$1***");
        return QUERY_SECRET.matcher(masked).replaceAll("$1***");
    }
}
