package dev.edgevideo.camera;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ReflectionException;

import org.apache.camel.CamelContext;

/**
 * The one JMX surface of a camera, {@code org.apache.camel:context=<name>,type=cameras,name="<id>"}: it lives as
 * long as the camera's registry entry and reads it. Starting and stopping the camera is done on its route's MBean
 * ({@code type=routes}), like any Camel route.
 * <p>
 * A {@link DynamicMBean}: the readings are listed below, and every {@link CameraCounter} follows as a {@code long}
 * attribute named {@link CameraCounter#jmxName()}, so a counter added to the enum shows here without a getter.
 */
final class ManagedCamera implements DynamicMBean {

    private static final String RECONNECT = "reconnect";
    private static final Map<String, Reading> READINGS = readings();
    private static final MBeanInfo INFO = new MBeanInfo(ManagedCamera.class.getName(),
            "A camera: state, circuit, masked source, frame rates and counters",
            READINGS.values().stream().map(Reading::info).toArray(MBeanAttributeInfo[]::new), null,
            new MBeanOperationInfo[] {new MBeanOperationInfo(RECONNECT,
                    "Close the camera's stream and open it again (restarts its route)", new MBeanParameterInfo[0],
                    "void", MBeanOperationInfo.ACTION)}, null);

    private final CameraRuntime camera;
    private final CamelContext camelContext;

    ManagedCamera(CameraRuntime camera, CamelContext camelContext) {
        this.camera = camera;
        this.camelContext = camelContext;
    }

    private record Reading(String name, Class<?> type, String description, Function<CameraRuntime, Object> value) {

        MBeanAttributeInfo info() {
            return new MBeanAttributeInfo(name, type.getName(), description, true, false, type == boolean.class);
        }
    }

    private static Map<String, Reading> readings() {
        Stream<Reading> readings = Stream.of(
                new Reading("CameraId", String.class, "Camera id", CameraRuntime::cameraId),
                new Reading("RouteId", String.class,
                        "Id of the camera's route: stop and start the camera on that route's MBean",
                        CameraRuntime::routeId),
                new Reading("State", String.class, "CONNECTING, STREAMING, FROZEN, BACKOFF, PAUSED or STOPPED",
                        c -> c.status().state().name()),
                new Reading("CircuitState", String.class, "The camera's circuit breaker: CLOSED, OPEN or HALF_OPEN",
                        c -> c.status().circuit().name()),
                new Reading("ConsecutiveFailures", int.class, "Failed sessions since the last healthy stream",
                        c -> c.status().consecutiveFailures()),
                new Reading("LastError", String.class,
                        "The last capture error, credentials masked; empty once the camera recovered",
                        c -> c.status().lastError()),
                new Reading("Url", String.class, "Source URL, credentials masked", CameraRuntime::maskedUrl),
                new Reading("TargetFps", double.class, "Target frames per second", CameraRuntime::targetFps),
                new Reading("AllowedFps", double.class,
                        "Frames per second the camera samples at now: its target, or the memory governor's lower cap",
                        CameraRuntime::allowedFps),
                new Reading("KeyFramesOnly", boolean.class,
                        "Whether the camera decodes keyframes only now (decodeMode AUTO or KEYFRAMES)",
                        CameraRuntime::isKeyFramesOnly),
                new Reading("DecodeStrategy", String.class,
                        "What the camera decodes now: all, keyframes, gop-tail (every frame up to each GOP's last"
                        + " sample) or references (every reference frame, and every frame near a sample)",
                        CameraRuntime::decodeStrategy),
                new Reading("DeliveredFps", double.class, "Frames per second delivered to the route, over the last "
                        + CameraRuntime.RATE_WINDOW_SECONDS + " s", c -> c.rate(CameraCounter.DELIVERED)),
                new Reading("SourceFps", double.class, "Frames per second the source sends, decoded or not, over"
                        + " the last " + CameraRuntime.RATE_WINDOW_SECONDS + " s",
                        c -> c.rate(CameraCounter.SOURCE_FRAMES)),
                new Reading("LastFrameAgeSeconds", double.class,
                        "Seconds since the newest frame was captured, -1 before the first frame",
                        c -> orMinusOne(c.lastFrameAgeSeconds())),
                new Reading("ChangeCostMicros", double.class,
                        "Median cost of the change detection per frame in microseconds, -1 before the first picture",
                        c -> orMinusOne(c.changeCostNanos() / 1000)));
        return Stream.concat(readings, Arrays.stream(CameraCounter.values()).map(counter ->
                        new Reading(counter.jmxName(), long.class, counter.description(), c -> c.count(counter))))
                .collect(Collectors.toMap(Reading::name, r -> r, (a, b) -> a, LinkedHashMap::new));
    }

    private static double orMinusOne(double value) {
        return Double.isNaN(value) ? -1 : value;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Reading reading = READINGS.get(attribute);
        if (reading == null) {
            throw new AttributeNotFoundException("camera " + camera.cameraId() + " has no attribute " + attribute);
        }
        return reading.value().apply(camera);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        return new AttributeList(Arrays.stream(attributes).filter(READINGS::containsKey)
                .map(name -> new Attribute(name, READINGS.get(name).value().apply(camera))).toList());
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("the attributes of a camera are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    /** {@code reconnect()} closes the camera's FFmpeg session and opens a new one, by restarting its route. */
    @Override
    public Object invoke(String actionName, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        if (!RECONNECT.equals(actionName) || params != null && params.length > 0) {
            throw new ReflectionException(new NoSuchMethodException(actionName), "cameras have only reconnect()");
        }
        String routeId = camera.routeId();
        if (routeId == null) {
            throw new MBeanException(new IllegalStateException("camera " + camera.cameraId() + " has no route yet"));
        }
        try {
            camelContext.getRouteController().stopRoute(routeId);
            camelContext.getRouteController().startRoute(routeId);
        } catch (Exception e) {
            throw new MBeanException(e, "camera " + camera.cameraId() + ": cannot restart route " + routeId);
        }
        return null;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }
}
