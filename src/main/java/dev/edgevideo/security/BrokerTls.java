package dev.edgevideo.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.function.UnaryOperator;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.edgevideo.settings.ConfigurationException;

/**
 * TLS to one broker, from the keys {@code edgevideo.<broker>.tls.*}: off, or on with the CA certificates that
 * signed the broker's certificate (a PEM file; the JVM's trust store when empty), an optional client certificate
 * (a PKCS#12 key store, for brokers that ask for one) and host name verification.
 *
 * @param prefix           the keys' prefix, e.g. {@code edgevideo.redis.tls}, for messages
 * @param enabled          whether the connection uses TLS
 * @param caFile           PEM file of the trusted CA certificates, or {@code null} for the JVM's trust store
 * @param keyStore         PKCS#12 file with the client certificate and its key, or {@code null} for none
 * @param keyStorePassword its password (never in {@link #toString()})
 * @param verifyHostname   whether the broker's certificate must name the host connected to
 */
public record BrokerTls(String prefix, boolean enabled, Path caFile, Path keyStore, String keyStorePassword,
                        boolean verifyHostname) {

    /** Reads {@code <prefix>.enabled}, {@code .ca-file}, {@code .key-store}, {@code .key-store-password}, {@code .verify-hostname}. */
    public static BrokerTls fromProperties(String prefix, UnaryOperator<String> properties) {
        return new BrokerTls(prefix, Boolean.parseBoolean(value(properties, prefix + ".enabled")),
                path(value(properties, prefix + ".ca-file")), path(value(properties, prefix + ".key-store")),
                value(properties, prefix + ".key-store-password"),
                !"false".equalsIgnoreCase(value(properties, prefix + ".verify-hostname")));
    }

    /**
     * The context that trusts the configured CAs and presents the client certificate; fails naming the key of a
     * file that cannot be read or is not what the key says.
     */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyStore == null ? null : keyManagers(), caFile == null ? null : trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(prefix + ": TLS cannot be set up: " + e.getMessage());
        }
    }

    /** Host name verification as the JDK does it for HTTPS, or none. */
    public SSLParameters sslParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        return parameters;
    }

    private TrustManager[] trustManagers() throws GeneralSecurityException {
        String key = prefix + ".ca-file";
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw unreadable(key, caFile, e);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(key + " = " + caFile + " holds no PEM certificate (" + e.getMessage()
                                             + "): give the CA certificate that signed the broker's certificate");
        }
        if (certificates.isEmpty()) {
            throw new ConfigurationException(key + " = " + caFile + " holds no PEM certificate: give the CA"
                                             + " certificate that signed the broker's certificate");
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private KeyManager[] keyManagers() throws GeneralSecurityException {
        String key = prefix + ".key-store";
        char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        } catch (IOException e) {
            if (Files.isReadable(keyStore)) {
                throw new ConfigurationException(key + " = " + keyStore + " is not a PKCS#12 key store or "
                                                 + prefix + ".key-store-password is wrong: fix one of them");
            }
            throw unreadable(key, keyStore, e);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static ConfigurationException unreadable(String key, Path file, IOException e) {
        return new ConfigurationException(key + " = " + file + " cannot be read (" + e.getClass().getSimpleName()
                                          + "): fix the path or the file's permissions");
    }

    private static String value(UnaryOperator<String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? "" : value.trim();
    }

    private static Path path(String value) {
        return value.isEmpty() ? null : Path.of(value).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "BrokerTls[" + prefix + ": enabled=" + enabled + ", caFile=" + caFile + ", keyStore=" + keyStore
               + ", keyStorePassword=" + (keyStorePassword == null || keyStorePassword.isEmpty() ? "" : "***")
               + ", verifyHostname=" + verifyHostname + "]";
    }
}
