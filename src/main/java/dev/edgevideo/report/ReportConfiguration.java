package dev.edgevideo.report;

import java.time.Duration;

import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** Starts the {@link StatisticsReporter} with Camel, every {@code edgevideo.statistics.interval-seconds}. */
public class ReportConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        int seconds = Integer.parseInt(camelContext.resolvePropertyPlaceholders(
                "{{edgevideo.statistics.interval-seconds:30}}"));
        StatusService status = camelContext.getRegistry().lookupByNameAndType(StatusService.BEAN, StatusService.class);
        camelContext.addService(new StatisticsReporter(camelContext, status, Duration.ofSeconds(seconds)), true, false);
    }
}
