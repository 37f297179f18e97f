package io.incidentledger.query.page;

import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.database.DatabaseUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of the HTML pages are HTML pages. Ordered before the REST problem-details advice, and limited to the
 * page controller, so the JSON API keeps its RFC 9457 answers.
 */
@ControllerAdvice(assignableTypes = StatusPageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrorAdvice {

    private final PageProperties page;

    PageErrorAdvice(PageProperties page) {
        this.page = page;
    }

    @ExceptionHandler(PageNotFoundException.class)
    ModelAndView notFound(PageNotFoundException e) {
        ModelAndView view = new ModelAndView("not-found");
        view.addObject("pageName", page.name());
        view.addObject("heading", e.heading());
        view.setStatus(HttpStatus.NOT_FOUND);
        return view;
    }

    /** Nothing known to show (the front page), or a page read straight from the database (an incident's). */
    @ExceptionHandler({DatabaseUnavailableException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class})
    ModelAndView unavailable(HttpServletResponse response) {
        ModelAndView view = new ModelAndView("unavailable");
        view.addObject("pageName", page.name());
        view.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        return view;
    }
}
