import CRdkafkaBench
import Foundation
import Testing

@Suite("Usable CPUs")
struct UsableCPUTests {
    @Test("the benchmarks' core count is the process's affinity mask, as /proc/self/status lists it")
    func matchesAffinity() throws {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        // "0-1,4" → 3: ranges and single CPUs, comma-separated.
        let allowed = line.split(separator: ":")[1].split(separator: ",").reduce(0) { count, part in
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
            return count + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : 1)
        }
        #expect(Int(homeward_usable_cpus()) == allowed)
        #expect(allowed >= 1 && allowed <= ProcessInfo.processInfo.processorCount)
    }
}
