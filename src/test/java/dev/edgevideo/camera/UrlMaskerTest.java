package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlMaskerTest {

    @Test
    void masksUserAndPasswordInUrls() {
        assertThat(UrlMasker.mask("rtsp://admin:s3cret@10.0.0.5:554/stream1"))
                .isEqualTo("rtsp://***:***@10.0.0.5:554/stream1");
    }

    @Test
    void masksCredentialsInsideLongerMessages() {
        String message = "cannot open http://user:p%40ss@cam.local/video.mjpg: Connection refused";
        assertThat(UrlMasker.mask(message))
                .isEqualTo("cannot open http://***:***@cam.local/video.mjpg: Connection refused")
                .doesNotContain("p%40ss");
    }

    @Test
    void masksPasswordQueryParameters() {
        assertThat(UrlMasker.mask("http://cam/snapshot.cgi?user=admin&password=hunter2&x=1"))
                .isEqualTo("http://cam/snapshot.cgi?user=admin&password=***&x=1");
    }

    @Test
    void masksPercentEncodedUserInfoOfAnEndpointUri() {
        assertThat(UrlMasker.mask("camera://cam1?fps=2&url=rtsp%3A%2F%2Fadmin%3As3cret%4010.0.0.5%3A554%2Fs"))
                .isEqualTo("camera://cam1?fps=2&url=rtsp%3A%2F%2F***%3A***%4010.0.0.5%3A554%2Fs");
    }

    @Test
    void masksAuthorizationHeadersOfARequestFfmpegLogs() {
        String request = "request: GET /video.mjpg HTTP/1.1\nHost: 127.0.0.1:8554\n"
                         + "Authorization: Basic dXNlcjpzM2NyZXQ=\n"
                         + "Proxy-Authorization: Digest username=\"u\", response=\"abc\"\nAccept: */*";
        assertThat(UrlMasker.mask(request)).isEqualTo("request: GET /video.mjpg HTTP/1.1\nHost: 127.0.0.1:8554\n"
                                                      + "Authorization: Basic ***\nProxy-Authorization: Digest ***\n"
                                                      + "Accept: */*");
    }

    @Test
    void masksValuesOfPasswordPropertiesAsCamelLogsThem() {
        assertThat(UrlMasker.mask("Found property: redis.password with value: s3 cret to be used."))
                .isEqualTo("Found property: redis.password with value: *** to be used.");
        assertThat(UrlMasker.mask("Resolved text: {{edgevideo.redis.tls.key-store-password}} -> s3cret"))
                .isEqualTo("Resolved text: {{edgevideo.redis.tls.key-store-password}} -> ***");
        assertThat(UrlMasker.mask("Found property: redis.password-file with value: /run/secrets/redis to be used."))
                .isEqualTo("Found property: redis.password-file with value: /run/secrets/redis to be used.");
        assertThat(UrlMasker.mask("Found property: redis.port with value: 6380 to be used."))
                .isEqualTo("Found property: redis.port with value: 6380 to be used.");
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        assertThat(UrlMasker.mask("rtsp://10.0.0.5/stream")).isEqualTo("rtsp://10.0.0.5/stream");
        assertThat(UrlMasker.mask("/var/video/clip.mp4")).isEqualTo("/var/video/clip.mp4");
        assertThat(UrlMasker.mask(null)).isNull();
    }
}
