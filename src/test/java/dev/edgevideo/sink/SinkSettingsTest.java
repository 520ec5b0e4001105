package dev.edgevideo.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import dev.edgevideo.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

class SinkSettingsTest {

    /** Each settings class of the sinks and the prefix it is bound at. */
    private static final Map<String, Class<?>> CLASSES = Map.of(RabbitMqSettings.Connection.PREFIX,
            RabbitMqSettings.Connection.class, RabbitMqSettings.PREFIX, RabbitMqSettings.class,
            RedisSettings.Connection.PREFIX, RedisSettings.Connection.class, RedisSettings.PREFIX, RedisSettings.class,
            WireSettings.PREFIX, WireSettings.class);

    @Test
    void theSettingsClassesDeclareExactlyTheShippedKeysOfTheirPrefixes() {
        CLASSES.forEach((prefix, type) -> assertThat(Settings.keys(prefix, type).keySet()).as(prefix)
                .containsExactlyInAnyOrderElementsOf(KnownKeys.shipped().keys().stream()
                        .filter(key -> key.startsWith(prefix)).toList()));
    }

    @Test
    void theDefaultsInTheFieldsAreTheShippedFilesValues() {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:config/application.properties");
        Settings shipped = new Settings(context);

        assertThat(RabbitMqSettings.bind(shipped)).usingRecursiveComparison().isEqualTo(new RabbitMqSettings());
        assertThat(RedisSettings.bind(shipped)).usingRecursiveComparison().isEqualTo(new RedisSettings());
        assertThat(shipped.bind(WireSettings.PREFIX, new WireSettings())).usingRecursiveComparison()
                .isEqualTo(new WireSettings());
    }

    @Test
    void aValueOutsideTheChoicesNamesThem() {
        assertThatThrownBy(() -> bound("edgevideo.wire.format", "go"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.wire.format = 'go' is not valid: expected one of [native, seed]; fix it in"
                            + " application.properties (or the environment variable EDGEVIDEO_WIRE_FORMAT)");
        assertThatThrownBy(() -> bound("edgevideo.rabbitmq.body", "base64"))
                .hasMessageStartingWith("edgevideo.rabbitmq.body = 'base64' is not valid: expected one of [jpeg,"
                                        + " redis-key];");
        assertThatThrownBy(() -> bound("edgevideo.rabbitmq.queue.overflow", "drop-tail"))
                .hasMessageStartingWith("edgevideo.rabbitmq.queue.overflow = 'drop-tail' is not valid: expected one"
                                        + " of [drop-head, reject-publish, reject-publish-dlx];");
        assertThatThrownBy(() -> bound("edgevideo.rabbitmq.metadata.enabled", "yes"))
                .hasMessageStartingWith("edgevideo.rabbitmq.metadata.enabled = 'yes' is not valid: expected true or"
                                        + " false;");
    }

    @Test
    void setKeysReachTheSinks() {
        RedisSettings redis = RedisSettings.bind(TestSettings.of("edgevideo.redis.key-prefix", "frames",
                "edgevideo.redis.stream.max-length", "50", "redis.port", "6380", "redis.database", "3"));
        assertThat(redis.frames(WireFormat.SEED, FrameSinks.Body.REDIS_KEY, "n1", ZoneOffset.UTC))
                .isEqualTo(new FrameSinks.Settings(WireFormat.SEED, "", "frames", 300, "edgevideo:frames", "n1",
                        FrameSinks.Body.REDIS_KEY, 50, ZoneOffset.UTC));
        assertThat(redis.connection().address()).isEqualTo("127.0.0.1:6380");
        assertThat(redis.connection().getDatabase()).isEqualTo(3);
        RabbitMqSettings rabbit = RabbitMqSettings.bind(TestSettings.of("edgevideo.rabbitmq.queue.overflow",
                "reject-publish-dlx", "edgevideo.rabbitmq.body", "redis-key", "rabbitmq.vhost", "/cameras"));
        assertThat(rabbit.getQueue().getOverflow()).isEqualTo(RabbitTopology.Overflow.REJECT_PUBLISH_DLX);
        assertThat(rabbit.getBody()).isEqualTo(FrameSinks.Body.REDIS_KEY);
        assertThat(rabbit.connection().getVhost()).isEqualTo("/cameras");
        assertThat(rabbit.connection().password()).isEqualTo("guest");
    }

    @Test
    void valuesTheSinksCannotUseNameTheKey() {
        assertThatThrownBy(() -> RedisSettings.bind(TestSettings.of("edgevideo.redis.ttl-seconds", "0"))
                .frames(WireFormat.NATIVE, FrameSinks.Body.JPEG, "n1", ZoneOffset.UTC))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.redis.ttl-seconds = '0' is not valid: expected at least 1;");
        assertThatThrownBy(() -> new RabbitTopology(new CachingConnectionFactory(), true, 0,
                RabbitTopology.Overflow.DROP_HEAD))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.rabbitmq.queue.max-length = '0' is not valid: expected at least 1;");
    }

    private static void bound(String key, String value) {
        Settings settings = TestSettings.of(key, value);
        RabbitMqSettings.bind(settings);
        RedisSettings.bind(settings);
        settings.bind(WireSettings.PREFIX, new WireSettings());
    }

}
