package io.incidentledger.query.admin;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

import io.incidentledger.query.Processors;

/** {@code --rebuild} on the command line rebuilds at startup; without it, starting rebuilds nothing. */
class RebuildOnStartupTest {

    private final ProjectionRebuild rebuild = mock(ProjectionRebuild.class);
    private final RebuildOnStartup runner = new RebuildOnStartup(rebuild);

    @Test
    void theFlagRebuildsEveryProjection() {
        when(rebuild.rebuild()).thenReturn(new ProjectionRebuild.Rebuilt(List.of(Processors.INCIDENTS), 10, 5, 2000, Map.of()));

        runner.run(new DefaultApplicationArguments("--server.port=0", "--rebuild"));

        verify(rebuild).rebuild();
    }

    @Test
    void withoutTheFlagNothingIsRebuilt() {
        runner.run(new DefaultApplicationArguments("--server.port=0", "rebuild"));

        verify(rebuild, never()).rebuild();
    }
}
