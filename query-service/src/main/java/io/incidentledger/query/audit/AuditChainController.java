package io.incidentledger.query.audit;

import java.util.HexFormat;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.incidentledger.query.web.BadQueryException;
import io.incidentledger.query.web.NotFoundException;

/**
 * Tamper evidence for auditors: the chain's head, to publish outside the database (a ticket, a signed mail, a
 * transparency log), and a verification of the whole store against the chain, optionally through such a head.
 */
@RestController
class AuditChainController {

    private final ChainVerifier verifier;

    AuditChainController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping(path = "/api/audit/head", produces = MediaType.APPLICATION_JSON_VALUE)
    ChainVerifier.Head head() {
        return verifier.head().orElseThrow(() -> new NotFoundException("no event has been chained yet"));
    }

    /**
     * Always 200: a broken chain is a finding, not a failure of the request. With {@code position} and
     * {@code hash} (a head published earlier) the chain must also pass through that head.
     */
    @GetMapping(path = "/api/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ChainVerifier.Verification verify(@RequestParam(required = false) Long position,
                                      @RequestParam(required = false) String hash) {
        if ((position == null) != (hash == null)) {
            throw new BadQueryException(position == null ? "position" : "hash",
                    "an anchor needs both 'position' and 'hash' (as /api/audit/head gave them)");
        }
        if (hash != null && !(hash.length() == 64 && isHex(hash))) {
            throw new BadQueryException("hash", "'hash' must be a SHA-256 in hex (64 characters)");
        }
        return verifier.verify(position == null ? null : new ChainVerifier.Anchor(position, hash));
    }

    private static boolean isHex(String value) {
        return value.chars().allMatch(HexFormat::isHexDigit);
    }
}
