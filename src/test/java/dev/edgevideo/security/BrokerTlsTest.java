package dev.edgevideo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerTlsTest {

    @TempDir
    Path dir;

    @Test
    void bindsItsKeysUnderThePrefixWithHostnameVerificationOnByDefault() {
        Properties properties = new Properties();
        properties.setProperty("edgevideo.redis.tls.enabled", "true");
        properties.setProperty("edgevideo.redis.tls.ca-file", "/etc/ca.pem");
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);

        BrokerTls tls = new Settings(context).bind("edgevideo.redis.tls.", new BrokerTls("edgevideo.redis.tls."));

        assertThat(tls.isEnabled()).isTrue();
        assertThat(tls.isVerifyHostname()).isTrue();
        assertThat(tls.sslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(tls).hasToString("BrokerTls[edgevideo.redis.tls.*: enabled=true, caFile=/etc/ca.pem, keyStore=,"
                                    + " keyStorePassword=, verifyHostname=true]");
    }

    @Test
    void aCaFileThatCannotBeReadNamesTheKey() {
        Path missing = dir.resolve("no-such-ca.pem");
        BrokerTls tls = tls("edgevideo.redis.tls.", missing, null, "");
        assertThatThrownBy(tls::sslContext).isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.redis.tls.ca-file = '" + missing + "' is not valid: expected a file the service"
                            + " can read (NoSuchFileException); fix it in application.properties (or the environment"
                            + " variable EDGEVIDEO_REDIS_TLS_CA_FILE)");
    }

    @Test
    void aCaFileWithoutACertificateNamesTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        BrokerTls tls = tls("edgevideo.rabbitmq.tls.", notPem, null, "");
        assertThatThrownBy(tls::sslContext).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.rabbitmq.tls.ca-file = '" + notPem + "' is not valid: expected a"
                                        + " PEM file of the CA certificate that signed the broker's certificate")
                .hasMessageEndingWith("(or the environment variable EDGEVIDEO_RABBITMQ_TLS_CA_FILE)");
    }

    @Test
    void aKeyStoreThatIsNoPkcs12NamesBothKeys() throws Exception {
        Path notP12 = Files.writeString(dir.resolve("client.p12"), "not a key store\n");
        BrokerTls tls = tls("edgevideo.redis.tls.", null, notP12, "pw");
        assertThatThrownBy(tls::sslContext).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.redis.tls.key-store = '" + notP12 + "' is not valid: expected a"
                                        + " PKCS#12 key store that edgevideo.redis.tls.key-store-password opens;");
    }

    @Test
    void theKeyStorePasswordIsNotInItsDescription() {
        assertThat(tls("edgevideo.redis.tls.", null, Path.of("/c.p12"), "s3cret").toString())
                .doesNotContain("s3cret").contains("keyStorePassword=***");
    }

    private static BrokerTls tls(String prefix, Path caFile, Path keyStore, String keyStorePassword) {
        BrokerTls tls = new BrokerTls(prefix);
        tls.setEnabled(true);
        tls.setCaFile(caFile == null ? "" : caFile.toString());
        tls.setKeyStore(keyStore == null ? "" : keyStore.toString());
        tls.setKeyStorePassword(keyStorePassword);
        return tls;
    }
}
