package dev.edgevideo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OpenManagementPathsTest {

    private static final List<String> OPEN = List.of("/observe/health", "/metrics");

    @Test
    void anOpenPathAndItsSubPathsAreOpen() {
        assertThat(OpenManagementPaths.isOpen(OPEN, "/observe/health")).isTrue();
        assertThat(OpenManagementPaths.isOpen(OPEN, "/observe/health/ready")).isTrue();
        assertThat(OpenManagementPaths.isOpen(OPEN, "/metrics")).isTrue();
    }

    @Test
    void aPathThatOnlyStartsLikeAnOpenOneIsNot() {
        assertThat(OpenManagementPaths.isOpen(OPEN, "/metricsdump")).isFalse();
        assertThat(OpenManagementPaths.isOpen(OPEN, "/observe/jolokia")).isFalse();
        assertThat(OpenManagementPaths.isOpen(OPEN, "/")).isFalse();
    }
}
