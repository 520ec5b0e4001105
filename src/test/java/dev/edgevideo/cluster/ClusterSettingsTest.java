package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.testing.TestSettings;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings bind(String... keysAndValues) {
        return TestSettings.of(keysAndValues).bind(ClusterSettings.PREFIX, new ClusterSettings()).validate();
    }

    @Test
    void offByDefaultWithLocalZooKeeperAndAHostPidNodeId() {
        ClusterSettings settings = bind();
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.zookeeper()).isEqualTo("127.0.0.1:2181");
        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(settings.basePath()).isEqualTo("/edge-video");
        assertThat(settings.nodeId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void readsEveryKey() {
        ClusterSettings settings = bind("edgevideo.cluster.enabled", "true",
                "edgevideo.cluster.zookeeper", "zk1:2181,zk2:2181", "edgevideo.cluster.node-id", "edge-1",
                "edgevideo.cluster.session-timeout-seconds", "10", "edgevideo.cluster.base-path", "/site/a");
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.zookeeper()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(settings.nodeId()).isEqualTo("edge-1");
        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.basePath()).isEqualTo("/site/a");
    }

    @Test
    void aTypoStopsStartUpNamingTheKeyAndItsVariable() {
        assertThatThrownBy(() -> bind("edgevideo.cluster.enabled", "yes")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("edgevideo.cluster.enabled = 'yes'")
                .hasMessageContaining("EDGEVIDEO_CLUSTER_ENABLED");
        assertThatThrownBy(() -> bind("edgevideo.cluster.session-timeout-seconds", "2"))
                .hasMessageContaining("4 to 40 seconds");
        assertThatThrownBy(() -> bind("edgevideo.cluster.node-id", "a b"))
                .hasMessageContaining("edgevideo.cluster.node-id");
    }
}
