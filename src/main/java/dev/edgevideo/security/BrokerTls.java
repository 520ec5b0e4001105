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

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;

/**
 * The {@code tls.*} group of a broker's settings ({@code edgevideo.rabbitmq.tls.*}, {@code edgevideo.redis.tls.*}),
 * bound by {@link Settings}: off, or on with the CA certificates that signed the broker's certificate, an optional
 * client certificate and host name verification. {@link #sslContext()} turns it into what the clients use.
 */
public class BrokerTls {

    private final String prefix;
    private boolean enabled;
    private String caFile = "";
    private String keyStore = "";
    private String keyStorePassword = "";
    private boolean verifyHostname = true;

    /** @param prefix the group's key prefix, e.g. {@code edgevideo.redis.tls.}, for messages */
    public BrokerTls(String prefix) {
        this.prefix = prefix;
    }

    /** Whether the connection uses TLS; point the broker's port key at its TLS port. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** PEM file of the CA certificate(s) that signed the broker's certificate; empty: the JVM's trust store. */
    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }

    /** PKCS#12 file with a client certificate and its key, for a broker that asks for one; empty: none. */
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    /** The key store's password (never shown). */
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    /** Whether the broker's certificate must name the host connected to. */
    public void setVerifyHostname(boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isVerifyHostname() {
        return verifyHostname;
    }

    /**
     * The context that trusts the configured CAs and presents the client certificate; fails naming the key of a
     * file that cannot be read or is not what the key says.
     */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyStore.isBlank() ? null : keyManagers(), caFile.isBlank() ? null : trustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(prefix + "*: TLS cannot be set up: " + e.getMessage());
        }
    }

    /** Host name verification as the JDK does it for HTTPS, or none. */
    public SSLParameters sslParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
        return parameters;
    }

    private TrustManager[] trustManagers() throws GeneralSecurityException, IOException {
        String key = prefix + "ca-file";
        String expected = "a PEM file of the CA certificate that signed the broker's certificate";
        Path file = PasswordFile.path(caFile);
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw PasswordFile.unreadable(key, file, e, "");
        } catch (GeneralSecurityException e) {
            throw Settings.invalid(key, file, expected + " (" + e.getMessage() + ")");
        }
        Settings.require(!certificates.isEmpty(), key, file, expected);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private KeyManager[] keyManagers() throws GeneralSecurityException {
        String key = prefix + "key-store";
        Path file = PasswordFile.path(keyStore);
        char[] password = keyStorePassword.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            if (Files.isReadable(file)) {
                throw Settings.invalid(key, file, "a PKCS#12 key store that " + prefix + "key-store-password opens");
            }
            throw PasswordFile.unreadable(key, file, e, "");
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    @Override
    public String toString() {
        return "BrokerTls[" + prefix + "*: enabled=" + enabled + ", caFile=" + caFile + ", keyStore=" + keyStore
               + ", keyStorePassword=" + (keyStorePassword.isEmpty() ? "" : "***") + ", verifyHostname="
               + verifyHostname + "]";
    }
}
