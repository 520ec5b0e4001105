package dev.edgevideo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.settings.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerTlsTest {

    @TempDir
    Path dir;

    @Test
    void readsItsKeysUnderThePrefixWithHostnameVerificationOnByDefault() {
        BrokerTls tls = BrokerTls.fromProperties("edgevideo.redis.tls", Map.of("edgevideo.redis.tls.enabled", "true",
                "edgevideo.redis.tls.ca-file", "/etc/ca.pem")::get);
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.caFile()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(tls.keyStore()).isNull();
        assertThat(tls.verifyHostname()).isTrue();
        assertThat(tls.sslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void aCaFileWithoutACertificateNamesTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        BrokerTls tls = new BrokerTls("edgevideo.rabbitmq.tls", true, notPem, null, "", true);
        assertThatThrownBy(tls::sslContext).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.rabbitmq.tls.ca-file = " + notPem + " holds no PEM certificate")
                .hasMessageEndingWith("give the CA certificate that signed the broker's certificate");
    }

    @Test
    void aKeyStoreThatIsNoPkcs12NamesBothKeys() throws Exception {
        Path notP12 = Files.writeString(dir.resolve("client.p12"), "not a key store\n");
        BrokerTls tls = new BrokerTls("edgevideo.redis.tls", true, null, notP12, "pw", true);
        assertThatThrownBy(tls::sslContext).isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.redis.tls.key-store = " + notP12 + " is not a PKCS#12 key store or"
                            + " edgevideo.redis.tls.key-store-password is wrong: fix one of them");
    }

    @Test
    void theKeyStorePasswordIsNotInItsDescription() {
        assertThat(new BrokerTls("edgevideo.redis.tls", true, null, Path.of("/c.p12"), "s3cret", false).toString())
                .doesNotContain("s3cret").contains("keyStorePassword=***");
    }
}
