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
 */
public record TestCertificates(Path caCertificate, Path certificate, Path key) {

    /** A new CA in {@code dir} (named {@code name}) and a server certificate signed by it. */
    public static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve(name + "-ca.key");
        Path ca = dir.resolve(name + "-ca.crt");
        Path key = dir.resolve(name + "-server.key");
        Path request = dir.resolve(name + "-server.csr");
        Path certificate = dir.resolve(name + "-server.crt");
        Path extensions = Files.writeString(dir.resolve(name + "-server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", ca, "-days", "2",
                "-subj", "/CN=edge-video test CA " + name);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", certificate,
                "-days", "2", "-extfile", extensions);
        return new TestCertificates(ca, certificate, key);
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
