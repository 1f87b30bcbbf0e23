import DaemonikerTestSupport
import Testing

/// What the fork backend refuses.
@Suite struct ForkBackendTests {
    @Test func forkRefusesAThreadedProcess() throws {
        let directory = try TestDirectory()
        try expectFailure(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--threads", "1"], status: 2,
            message: "cannot fork: this process runs 2 threads", in: directory)
    }
}
