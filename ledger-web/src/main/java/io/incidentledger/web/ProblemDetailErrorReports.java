package io.incidentledger.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Some bad requests never reach Spring: Tomcat itself refuses a malformed percent-encoding, an encoded
 * {@code /} or NUL in the path, or oversized headers, and its error report valve answers with an HTML page.
 * This replaces that valve so those answers are RFC 9457 problem details too, like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemDetailErrorReports {

    /** Runs after Spring Boot's own Tomcat customizer (which adds a plain ErrorReportValve), then replaces it. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemDetailErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemDetailErrorReportValve.class.getName());
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemDetailErrorReportValve)) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemDetailErrorReportValve());
            }
        });
    }

    /** Writes an error that nothing else wrote as {@code application/problem+json}; never a stack trace. */
    public static final class ProblemDetailErrorReportValve extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final String REFUSED =
                "the request was refused before it reached the API: its URL, path or headers are malformed or too large";

        public ProblemDetailErrorReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ProblemDetailsBase.typeOf(status).toString());
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", status < 500 ? REFUSED : "the request could not be completed; it has been logged");
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(JSON.writeValueAsString(problem));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response is committed; there is nobody left to tell.
            }
        }
    }
}
