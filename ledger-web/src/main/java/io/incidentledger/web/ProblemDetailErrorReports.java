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
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Some bad requests never reach Spring: Tomcat itself refuses a malformed percent-encoding, an encoded
 * {@code /} or NUL in the path, or oversized headers, and its error report valve answers with an HTML page.
 * This replaces that valve so those answers are RFC 9457 problem details too, like every other error; the
 * error page Tomcat forwards to for everything else is {@link ProblemErrorController}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ProblemErrorController.class)
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
            byte[] problem = Problems.json(Problems.forStatus(status,
                    status < 500 ? REFUSED : "the request could not be completed; it has been logged"));
            try {
                response.setContentType(Problems.MEDIA_TYPE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(new String(problem, StandardCharsets.UTF_8));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response is committed; there is nobody left to tell.
            }
        }
    }
}
