package dev.edgevideo.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the service's endpoints. It speaks HTTP/1.1, as Prometheus, curl and probes do: the JDK
 * client's default first asks the server to upgrade the connection to HTTP/2 (h2c), and once in a CI run the answer
 * on such a connection came as HTTP/1.1 text read as HTTP/2 frames ("Frame type(118) ... exceeds MAX_FRAME_SIZE").
 */
public final class Http {

    /** Also for the tests that build their own requests (headers, methods). */
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(request(url), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
        return CLIENT.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
