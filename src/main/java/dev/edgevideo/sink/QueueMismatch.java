package dev.edgevideo.sink;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's answer to declaring a queue that exists with other arguments, e.g. after a change of
 * {@code edgevideo.rabbitmq.queue.max-length}: {@code 406 PRECONDITION_FAILED - inequivalent arg 'x-max-length' for
 * queue 'edgevideo.frames.cam1' in vhost '/': received the value '50' ... but current is the value '100' ...}.
 * The broker is fine; that one queue needs the operator.
 */
final class QueueMismatch {

    private static final Pattern MISMATCH = Pattern.compile(
            "PRECONDITION_FAILED - (inequivalent arg '[^']+' for queue '([^']+)'[^,)]*)");

    private QueueMismatch() {
    }

    static boolean matches(Throwable root) {
        return root.getMessage() != null && MISMATCH.matcher(root.getMessage()).find();
    }

    /** RabbitMQ's words for the mismatch, without the AMQP frame around them. */
    static String describe(Throwable root) {
        Matcher matcher = MISMATCH.matcher(root.getMessage());
        return matcher.find() ? matcher.group(1) : root.getMessage();
    }

    /** The queue RabbitMQ names, or the given one when it names none. */
    static String queue(Throwable root, String fallback) {
        Matcher matcher = MISMATCH.matcher(root.getMessage());
        return matcher.find() ? matcher.group(2) : fallback;
    }
}
