package dev.edgevideo.bench;

import dev.edgevideo.camera.CameraCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/** One scrape of the service's Prometheus endpoint, read by metric family and labels. */
final class Metrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** One sample line: its labels and value. */
    record Sample(Map<String, String> labels, double value) {
        String label(String name) {
            return labels.get(name);
        }
    }

    private final Map<String, List<Sample>> families = new HashMap<>();

    Metrics(List<String> lines) {
        for (String line : lines) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            families.computeIfAbsent(sample.group(1), name -> new ArrayList<>())
                    .add(new Sample(labels, Double.parseDouble(sample.group(3))));
        }
    }

    List<Sample> samples(String family) {
        return families.getOrDefault(family, List.of());
    }

    /** The sum of one family's samples of a camera, and of a sink when {@code sink} is not null. */
    double sum(String family, String camera, String sink) {
        return samples(family).stream()
                .filter(s -> camera.equals(s.label("camera_id")) && (sink == null || sink.equals(s.label("sink"))))
                .mapToDouble(Sample::value).sum();
    }

    /**
     * Captured frames the sink dropped, every reason but the slots no frame filled (source, decode, behind), which
     * are outside captured: per sink, captured = published + this.
     */
    double droppedOfCaptured(String camera, String sink) {
        return samples("edge_video_frames_dropped_total").stream()
                .filter(s -> camera.equals(s.label("camera_id")) && sink.equals(s.label("sink"))
                             && !CameraCounter.isSlotReason(s.label("reason")))
                .mapToDouble(Sample::value).sum();
    }

    /** Frames published so far, per camera and sink. */
    Map<String, Map<String, Double>> published() {
        Map<String, Map<String, Double>> answer = new HashMap<>();
        for (Sample sample : samples("edge_video_frames_published_total")) {
            answer.computeIfAbsent(sample.label("camera_id"), id -> new HashMap<>())
                    .put(sample.label("sink"), sample.value());
        }
        return answer;
    }

    /** Each camera's clock offset (our receive time minus the sender's time of a frame), in milliseconds. */
    Map<String, Double> clockOffsetsMillis() {
        Map<String, Double> answer = new HashMap<>();
        for (Sample sample : samples("edge_video_camera_clock_offset_seconds")) {
            answer.put(sample.label("camera_id"), sample.value() * 1000);
        }
        return answer;
    }

    /** The memory governor's level code, -1 when the scrape has none. */
    int memoryLevel() {
        return samples("edge_video_memory_level").stream().mapToInt(s -> (int) s.value()).findFirst().orElse(-1);
    }
}
