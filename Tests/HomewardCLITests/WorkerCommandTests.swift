import Foundation
import Testing

@Suite("homeward worker options")
struct WorkerCommandTests {
    @Test("a state flush interval outside 0…60000 ms is refused with what to use, before connecting")
    func stateFlushRange() async throws {
        for bad in ["120000", "-1"] {
            let result = try await HomewardProcess(["worker", "passthrough", "--state-flush-ms=\(bad)", "--brokers", "127.0.0.1:1"]).wait()
            #expect(result.status != 0)
            #expect(result.stderr.contains("--state-flush-ms must be 0…60000"), "\(result.stderr)")
        }
    }

    @Test("an --http-port outside 0…65535 is refused with the range, before connecting")
    func httpPortRange() async throws {
        let result = try await HomewardProcess(["worker", "passthrough", "--http-port", "70000", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status != 0)
        #expect(result.stderr.contains("--http-port must be 0…65535"), "\(result.stderr)")
    }
}
