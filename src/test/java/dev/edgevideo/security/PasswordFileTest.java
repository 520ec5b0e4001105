package dev.edgevideo.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileWinsOverTheKeyWithoutItsLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-file\n");
        assertThat(PasswordFile.resolve("from-key", "redis.password-file", file.toString())).isEqualTo("from-file");
    }

    @Test
    void withoutAFileTheKeyIsThePassword() {
        assertThat(PasswordFile.resolve("from-key", "redis.password-file", "")).isEqualTo("from-key");
    }
}
