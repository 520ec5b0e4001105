package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void offByDefaultWithLocalZooKeeperAndAHostPidNodeId() {
        ClusterSettings settings = ClusterSettings.fromProperties(key -> null);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.zookeeper()).isEqualTo("127.0.0.1:2181");
        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(settings.basePath()).isEqualTo("/edge-video");
        assertThat(settings.nodeId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void readsEveryKey() {
        Map<String, String> values = Map.of("edgevideo.cluster.enabled", "true",
                "edgevideo.cluster.zookeeper", "zk1:2181,zk2:2181", "edgevideo.cluster.node-id", "edge-1",
                "edgevideo.cluster.session-timeout-seconds", "10", "edgevideo.cluster.base-path", "/site/a");
        ClusterSettings settings = ClusterSettings.fromProperties(values::get);
        assertThat(settings).isEqualTo(new ClusterSettings(true, "zk1:2181,zk2:2181", "edge-1",
                Duration.ofSeconds(10), "/site/a"));
    }

    @Test
    void aTypoStopsStartUpNamingTheKeyAndItsVariable() {
        assertThatThrownBy(() -> ClusterSettings.fromProperties(Map.of("edgevideo.cluster.enabled", "yes")::get))
                .hasMessageContaining("edgevideo.cluster.enabled = 'yes'").hasMessageContaining("EDGEVIDEO_CLUSTER_ENABLED");
        assertThatThrownBy(() -> ClusterSettings.fromProperties(
                Map.of("edgevideo.cluster.session-timeout-seconds", "2")::get))
                .hasMessageContaining("4 to 40 seconds");
        assertThatThrownBy(() -> ClusterSettings.fromProperties(Map.of("edgevideo.cluster.node-id", "a b")::get))
                .hasMessageContaining("edgevideo.cluster.node-id");
    }

    @Test
    void cameraIdComesFromTheCameraEndpointUri() {
        assertThat(CameraRoutePolicyFactory.cameraId("camera://entrance?fps=2")).isEqualTo("entrance");
        assertThat(CameraRoutePolicyFactory.cameraId("camera:cl-1")).isEqualTo("cl-1");
    }
}
