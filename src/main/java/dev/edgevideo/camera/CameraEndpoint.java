package dev.edgevideo.camera;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import dev.edgevideo.camera.ffmpeg.CaptureSettings;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Captures frames from one camera with a persistent in-process FFmpeg session, samples them at a target rate
 * (latest frame wins) and emits them as JPEG messages.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "camera", title = "Camera", syntax = "camera:cameraId",
             consumerOnly = true, remote = true, category = {Category.IOT},
             headersClass = CameraConstants.class)
public class CameraEndpoint extends DefaultEndpoint {

    /** What a camera id may be: it becomes a route id, a Redis key part and a routing key. */
    public static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    public static final String CAMERA_ID_RULE = "use letters, digits, '.', '_' or '-' (it becomes a route id, a Redis"
                                                + " key part and a routing key)";
    static final Set<String> RTSP_TRANSPORTS = Set.of("tcp", "udp", "http", "https");

    @UriPath(description = "Id of the camera: names its route, metrics, Redis keys and routing key.")
    @Metadata(required = true)
    private String cameraId;

    @UriParam(description = "Source of the video: rtsp://, rtsps://, rtmp://, http(s):// (MJPEG or any container"
                            + " FFmpeg reads) or a file path. Credentials may be given as user:password@host;"
                            + " they are masked in every log line, error and API answer.")
    @Metadata(required = true)
    private String url;

    @UriParam(defaultValue = "2", description = "Target output rate in frames per second (may be below 1)."
                                                + " Frames are sampled on the stream's own clock.")
    private double fps = 2;

    @UriParam(defaultValue = "5", description = "JPEG quality as FFmpeg's quantiser scale (-q:v): 2 is best,"
                                                + " 31 smallest. Ignored for MJPEG sources passed through.")
    private int quality = 5;

    @UriParam(defaultValue = "tcp", enums = "tcp,udp,http,https",
              description = "RTSP lower transport. TCP survives lossy networks and NAT best.")
    private String rtspTransport = "tcp";

    @UriParam(defaultValue = "0", description = "Downscale frames to at most this width (aspect kept); 0 keeps"
                                                + " the source width.")
    private int width;

    @UriParam(defaultValue = "0", description = "Downscale frames to at most this height (aspect kept); 0 keeps"
                                                + " the source height.")
    private int height;

    @UriParam(defaultValue = "false", description = "For file sources: play the file again from the start when it"
                                                    + " ends, forever. Files are always played in real time.")
    private boolean loop;

    @UriParam(defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long opening the source may take before the attempt counts as failed.")
    private long connectTimeout = 10_000;

    @UriParam(defaultValue = "10000", javaType = "java.time.Duration",
              description = "A network source that sends nothing for this long has stalled: the session is"
                            + " closed and reopened.")
    private long readTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "AUTO", enums = "AUTO,ALL,KEYFRAMES",
              description = "Which frames of a compressed source to decode. AUTO decodes only what the wanted rate"
                            + " (fps, or the memory governor's lower cap) needs, where the stream shows that is safe:"
                            + " keyframes only while the rate is at most a regular keyframe rate, or every frame up"
                            + " to each GOP's last sample when there are no B-frames; otherwise every reference frame,"
                            + " the disposable B-frames between samples dropped by the decoder (B-frames above the"
                            + " keyframe rate, scene-cut GOPs, intra refresh); every frame where packets carry no"
                            + " timestamps or frames are sampled on arrival. ALL decodes every frame;"
                            + " KEYFRAMES always decodes keyframes only.")
    private DecodeMode decodeMode = DecodeMode.AUTO;

    @UriParam(label = "advanced", defaultValue = "every", enums = "every,change",
              description = "Which sampled frames to publish. every: all of them. change: only a frame whose picture"
                            + " differs from the last published one by more than changeThreshold, and one per"
                            + " heartbeat; an unchanged frame is neither encoded nor published (counted dropped,"
                            + " reason unchanged). MJPEG sources passed through have no decoded picture to compare:"
                            + " every sampled frame is published.")
    private PublishOn publishOn = PublishOn.every;

    @UriParam(label = "advanced", defaultValue = "1.0",
              description = "With publishOn=change: the least change worth publishing, as the mean absolute"
                            + " difference of a 32x18 luma thumbnail from the last published frame's, 0 to 255."
                            + " A flat still scene scores 0; the demo clip (a moving ball) at least 2 at 2 fps.")
    private double changeThreshold = 1.0;

    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration",
              description = "With publishOn=change: a frame is published at least this often, changed or not, so"
                            + " consumers see the camera is alive.")
    private long heartbeat = 10_000;

    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "A camera whose pictures stay bit-exact identical this long while frames keep arriving"
                            + " is FROZEN (down) until its picture changes; 0 turns the detection off. MJPEG"
                            + " sources passed through are never decoded, so never found frozen.")
    private long frozenAfter = 60_000;

    @UriParam(label = "advanced", defaultValue = "false",
              description = "Reconnect the session of a camera found FROZEN, for sources whose encoder recovers"
                            + " on a new connection.")
    private boolean frozenReconnect;

    @UriParam
    private ReconnectConfiguration reconnect;

    private volatile CameraRuntime runtime;

    public CameraEndpoint(String uri, CameraComponent component, String cameraId) {
        super(uri, component);
        this.cameraId = cameraId;
        this.reconnect = component.getReconnectConfiguration().copy();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        runtime = getComponent().getRegistry().attach(cameraId);
    }

    @Override
    protected void doStop() throws Exception {
        if (runtime != null) {
            getComponent().getRegistry().detach(cameraId);
            runtime = null;
        }
        super.doStop();
    }

    @Override
    public CameraComponent getComponent() {
        return (CameraComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("camera: is consumer-only; use it in from(), not to()");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CameraConsumer consumer = new CameraConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Checks the options together; the message names the option, the camera and the allowed values. */
    void validate() {
        if (cameraId == null || !CAMERA_ID.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("camera id '" + cameraId + "' is invalid: " + CAMERA_ID_RULE);
        }
        require(url != null && !url.isBlank(), "url", "is required, e.g. camera:" + cameraId
                                                      + "?url=rtsp://host:554/stream");
        require(fps > 0 && fps <= 120, "fps", "must be > 0 and <= 120, was " + fps);
        require(quality >= 2 && quality <= 31, "quality", "must be 2 (best) to 31 (smallest), was " + quality);
        require(width >= 0, "width", "must be >= 0 (0 keeps the source width), was " + width);
        require(height >= 0, "height", "must be >= 0 (0 keeps the source height), was " + height);
        require(RTSP_TRANSPORTS.contains(rtspTransport), "rtspTransport",
                "must be one of " + RTSP_TRANSPORTS + ", was " + rtspTransport);
        require(connectTimeout > 0, "connectTimeout", "must be > 0, was " + connectTimeout + " ms");
        require(readTimeout > 0, "readTimeout", "must be > 0, was " + readTimeout + " ms");
        require(publishOn != null, "publishOn", "must be every or change");
        require(changeThreshold >= 0 && changeThreshold < 255, "changeThreshold",
                "must be >= 0 and < 255, was " + changeThreshold);
        require(heartbeat > 0, "heartbeat", "must be > 0, was " + heartbeat + " ms");
        require(frozenAfter >= 0, "frozenAfter", "must be >= 0 (0 turns it off), was " + frozenAfter + " ms");
        reconnect.validate("camera:" + cameraId);
    }

    private void require(boolean valid, String option, String message) {
        InvalidCameraOption.require("camera:" + cameraId, valid, option, message);
    }

    CaptureSettings captureSettings() {
        return new CaptureSettings(url, rtspTransport, Duration.ofMillis(connectTimeout),
                Duration.ofMillis(readTimeout), width, height, quality);
    }

    /** The camera's registry entry; only while the endpoint is started. */
    CameraRuntime runtime() {
        CameraRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException("camera:" + cameraId + " endpoint is not started");
        }
        return current;
    }

    public String getMaskedUrl() {
        return UrlMasker.mask(url);
    }

    public String getCameraId() {
        return cameraId;
    }

    public void setCameraId(String cameraId) {
        this.cameraId = cameraId;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public double getFps() {
        return fps;
    }

    public void setFps(double fps) {
        this.fps = fps;
    }

    public int getQuality() {
        return quality;
    }

    public void setQuality(int quality) {
        this.quality = quality;
    }

    public String getRtspTransport() {
        return rtspTransport;
    }

    public void setRtspTransport(String rtspTransport) {
        this.rtspTransport = rtspTransport;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public int getHeight() {
        return height;
    }

    public void setHeight(int height) {
        this.height = height;
    }

    public boolean isLoop() {
        return loop;
    }

    public void setLoop(boolean loop) {
        this.loop = loop;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public PublishOn getPublishOn() {
        return publishOn;
    }

    public void setPublishOn(PublishOn publishOn) {
        this.publishOn = publishOn;
    }

    public double getChangeThreshold() {
        return changeThreshold;
    }

    public void setChangeThreshold(double changeThreshold) {
        this.changeThreshold = changeThreshold;
    }

    public long getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(long heartbeat) {
        this.heartbeat = heartbeat;
    }

    public long getFrozenAfter() {
        return frozenAfter;
    }

    public void setFrozenAfter(long frozenAfter) {
        this.frozenAfter = frozenAfter;
    }

    public boolean isFrozenReconnect() {
        return frozenReconnect;
    }

    public void setFrozenReconnect(boolean frozenReconnect) {
        this.frozenReconnect = frozenReconnect;
    }

    public ReconnectConfiguration getReconnect() {
        return reconnect;
    }

    public DecodeMode getDecodeMode() {
        return decodeMode;
    }

    public void setDecodeMode(DecodeMode decodeMode) {
        this.decodeMode = decodeMode;
    }
}
