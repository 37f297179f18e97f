package io.incidentledger.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The error page of both services: what a client gets when the servlet container, not Spring MVC, ends a request with an error
 * status (a {@code TRACE}, which Tomcat refuses itself, or an exception that escaped a filter). A problem
 * detail like every other error, in place of Spring Boot's own JSON (timestamp, error, path), and in
 * {@code application/problem+json} whatever the client accepts: an error page has no representation to
 * negotiate.
 */
@Hidden // not part of the API: springdoc leaves it out of the OpenAPI document
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            log.error("request failed outside Spring MVC", failure);
        }
        ProblemDetail problem = Problems.forStatus(status,
                status >= 500 ? "the request could not be completed; it has been logged"
                        : status == 405 ? "this method is not allowed on this resource"
                        : "the request was refused before it reached the API");
        Problems.send(response, new ErrorResponseException(HttpStatusCode.valueOf(status), problem, null));
    }
}
