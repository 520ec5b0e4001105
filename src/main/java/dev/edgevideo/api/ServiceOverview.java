package dev.edgevideo.api;

import java.util.List;

import dev.edgevideo.governor.SystemSnapshot;
import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.MemoryView;
import dev.edgevideo.status.SinkView;

/**
 * Everything the status page shows, in one answer so the page polls one URL.
 *
 * @param nodeId        this instance ({@code edgevideo.cluster.node-id})
 * @param uptimeSeconds since the service started
 */
public record ServiceOverview(String nodeId, long uptimeSeconds, List<CameraView> cameras, List<SinkView> sinks,
                              MemoryView memory, SystemSnapshot system) {
}
