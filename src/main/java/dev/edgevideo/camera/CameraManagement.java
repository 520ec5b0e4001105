package dev.edgevideo.camera;

import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ManagementAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a running camera consumer with Camel's operations tooling and removes it again: its health check in
 * Camel's health check registry and its {@link ManagedCamera} MBean through Camel's
 * management agent. Kept out of the consumer so its capture code stays about capture.
 */
final class CameraManagement {

    private static final Logger LOG = LoggerFactory.getLogger(CameraManagement.class);

    private final CameraConsumer consumer;
    private HealthCheckRegistry healthRegistry;
    private CameraConsumerHealthCheck healthCheck;
    private ObjectName mbeanName;

    CameraManagement(CameraConsumer consumer) {
        this.consumer = consumer;
    }

    void register() {
        CamelContext context = consumer.getEndpoint().getCamelContext();
        healthRegistry = HealthCheckRegistry.get(context);
        if (healthRegistry != null) {
            healthCheck = new CameraConsumerHealthCheck(consumer, consumer.getRouteId());
            healthRegistry.register(healthCheck);
        }
        ManagementAgent agent = context.getManagementStrategy().getManagementAgent();
        if (agent != null) {
            try {
                mbeanName = objectName(agent, context, consumer.getEndpoint().getCameraId());
                agent.register(new ManagedCamera(consumer), mbeanName);
            } catch (Exception e) {
                // Capture does not depend on JMX: a failed registration is reported and the camera runs.
                LOG.warn("Camera {}: cannot register its MBean: {}", consumer.getEndpoint().getCameraId(), e.toString());
                mbeanName = null;
            }
        }
    }

    void unregister() {
        if (healthRegistry != null && healthCheck != null) {
            healthRegistry.unregister(healthCheck);
            healthCheck = null;
        }
        if (mbeanName != null) {
            try {
                consumer.getEndpoint().getCamelContext().getManagementStrategy().getManagementAgent().unregister(mbeanName);
            } catch (Exception e) {
                LOG.debug("Camera {}: cannot unregister its MBean: {}", consumer.getEndpoint().getCameraId(), e.toString());
            }
            mbeanName = null;
        }
    }

    /** {@code org.apache.camel:context=<management name>,type=cameras,name="<cameraId>"}. */
    static ObjectName objectName(ManagementAgent agent, CamelContext context, String cameraId) throws Exception {
        return new ObjectName(agent.getMBeanObjectDomainName() + ":context=" + context.getManagementName()
                              + ",type=cameras,name=" + ObjectName.quote(cameraId));
    }
}
