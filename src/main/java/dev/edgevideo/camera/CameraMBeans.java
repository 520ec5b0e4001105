package dev.edgevideo.camera;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every camera in the registry its {@link ManagedCamera} MBean through Camel's management agent, and takes
 * it away with the camera. Capture does not depend on JMX: a failed registration is logged and the camera runs.
 */
final class CameraMBeans implements CameraRegistryListener {

    private static final Logger LOG = LoggerFactory.getLogger(CameraMBeans.class);

    private final CamelContext camelContext;
    private final Map<String, ObjectName> names = new ConcurrentHashMap<>();

    CameraMBeans(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public void onAdded(CameraRuntime camera) {
        ManagementAgent agent = camelContext.getManagementStrategy().getManagementAgent();
        if (agent == null) {
            return;
        }
        try {
            ObjectName name = new ObjectName(agent.getMBeanObjectDomainName() + ":context="
                                             + camelContext.getManagementName() + ",type=cameras,name="
                                             + ObjectName.quote(camera.cameraId()));
            agent.register(new ManagedCamera(camera, camelContext), name);
            names.put(camera.cameraId(), name);
        } catch (Exception e) {
            LOG.warn("Camera {}: cannot register its MBean: {}", camera.cameraId(), e.toString());
        }
    }

    @Override
    public void onRemoved(CameraRuntime camera) {
        ObjectName name = names.remove(camera.cameraId());
        ManagementAgent agent = camelContext.getManagementStrategy().getManagementAgent();
        if (name != null && agent != null) {
            try {
                agent.unregister(name);
            } catch (Exception e) {
                LOG.debug("Camera {}: cannot unregister its MBean: {}", camera.cameraId(), e.toString());
            }
        }
    }
}
