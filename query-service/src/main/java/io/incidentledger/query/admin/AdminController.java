package io.incidentledger.query.admin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.web.ProblemDetailsBase;

/**
 * The operator's rebuild and the digest that proves it changed nothing; the admin role's alone (see
 * QueryAccess). {@code incident-ledger.admin.enabled=false} takes them off an instance altogether: while a
 * rebuild runs the read models are incomplete.
 */
@RestController
@ConditionalOnBooleanProperty(name = "incident-ledger.admin.enabled", matchIfMissing = true)
class AdminController {

    private final ProjectionRebuild rebuild;
    private final ReadModelDigest digest;

    AdminController(ProjectionRebuild rebuild, ReadModelDigest digest) {
        this.rebuild = rebuild;
        this.digest = digest;
    }

    /** Answers when the rebuild is complete (it can take minutes on a long history). */
    @PostMapping(path = "/api/admin/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
    ProjectionRebuild.Rebuilt rebuild() {
        return rebuild.rebuild();
    }

    @GetMapping(path = "/api/admin/digest", produces = MediaType.APPLICATION_JSON_VALUE)
    ReadModelDigest.Digest digest() {
        return digest.digest();
    }

    @ExceptionHandler(ProjectionRebuild.RebuildInProgressException.class)
    ProblemDetail inProgress(ProjectionRebuild.RebuildInProgressException e) {
        return ProblemDetailsBase.problem(HttpStatus.CONFLICT, "rebuild-in-progress", "Rebuild in progress",
                e.getMessage());
    }
}
