package dev.edgevideo.sink;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A camera's step that makes sure its frames have somewhere to go, {@link RabbitTopology#ensureDeclared} with the
 * camera's names. The route template makes one per camera route, a local bean given the {@code rabbitTopology} bean,
 * so each frame costs a direct call and a map read: a {@code bean:} step with the names as arguments made Camel bind
 * the method and parse them on every frame (3.7 % of the route threads' CPU, the check itself 0.3 %).
 * <p>
 * Configured through its setters, once, as Camel binds a template's local bean: Camel's constructor matching takes
 * a camera id of digits for a number and finds no constructor with a {@code String}.
 */
public final class QueueDeclaration implements Processor {

    private RabbitTopology topology;
    private String cameraId;
    private String exchange;
    private String routingKey;

    public void setTopology(RabbitTopology topology) {
        this.topology = topology;
    }

    public void setCameraId(String cameraId) {
        this.cameraId = cameraId;
    }

    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    @Override
    public void process(Exchange frame) {
        topology.ensureDeclared(cameraId, exchange, routingKey);
    }
}
