package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of a test, made with openssl, and a server certificate it signs for localhost and
 * 127.0.0.1: what a broker's TLS listener needs, and the CA file the service is told to trust.
 *
 * @param caCertificate PEM of the CA
 * @param certificate   PEM of the server certificate, signed by the CA
 * @param key           PEM of the server certificate's key (unencrypted)
 * @param clientKeyStore PKCS#12 of a client certificate signed by the CA, with its key
 */
public record TestCertificates(Path caCertificate, Path certificate, Path key, Path clientKeyStore) {

    /** The password of {@link #clientKeyStore()}. */
    public static final String KEY_STORE_PASSWORD = "client-store-pw";

    /** A new CA in {@code dir} (named {@code name}) and a server and a client certificate signed by it. */
    public static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
        return create(dir, name, "DNS:localhost,IP:127.0.0.1");
    }

    /** As {@link #create(Path, String)}, the server certificate naming {@code subjectAltNames} (openssl's syntax). */
    public static TestCertificates create(Path dir, String name, String subjectAltNames)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve(name + "-ca.key");
        Path ca = dir.resolve(name + "-ca.crt");
        Path key = dir.resolve(name + "-server.key");
        Path request = dir.resolve(name + "-server.csr");
        Path certificate = dir.resolve(name + "-server.crt");
        Path extensions = Files.writeString(dir.resolve(name + "-server.ext"),
                "subjectAltName=" + subjectAltNames + "\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2",
                "-subj", "/CN=edge-video test CA " + name);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", certificate,
                "-days", "2", "-extfile", extensions);
        Path clientKey = dir.resolve(name + "-client.key");
        Path clientRequest = dir.resolve(name + "-client.csr");
        Path clientCertificate = dir.resolve(name + "-client.crt");
        Path clientKeyStore = dir.resolve(name + "-client.p12");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", clientKey, "-out", clientRequest,
                "-subj", "/CN=edge-video");
        openssl("x509", "-req", "-in", clientRequest, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
                "-out", clientCertificate, "-days", "2");
        openssl("pkcs12", "-export", "-in", clientCertificate, "-inkey", clientKey, "-out", clientKeyStore,
                "-passout", "pass:" + KEY_STORE_PASSWORD);
        return new TestCertificates(ca, certificate, key, clientKeyStore);
    }

    private static void openssl(Object... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        for (Object argument : arguments) {
            command.add(argument.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
