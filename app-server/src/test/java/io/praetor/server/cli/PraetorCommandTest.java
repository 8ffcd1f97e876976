package io.praetor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PraetorCommandTest {

    @Test
    void version_printsTheProjectVersionAndExitsZero() {
        var run = CliTestSupport.run("--version");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("praetor ").doesNotContain("unknown");
    }

    @Test
    void unknownCommand_isAUsageErrorWithExitTwo() {
        var run = CliTestSupport.run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unmatched argument").contains("frobnicate");
    }

    @Test
    void noCommand_saysOneIsRequired() {
        var run = CliTestSupport.run();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a command is required");
    }
}
