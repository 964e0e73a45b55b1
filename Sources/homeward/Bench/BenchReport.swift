import ArgumentParser
import CRdkafkaBench
import Foundation
import Kafka

/// One comparison: Homeward's figure against the raw baseline.
struct BenchComparison: Codable {
    var raw: Double
    var swift: Double
    var ratio: Double
    var target: Double
    var unit: String

    init(raw: Double, swift: Double, target: Double, unit: String = "records/s") {
        self.raw = raw
        self.swift = swift
        self.ratio = raw > 0 ? swift / raw : 0
        self.target = target
        self.unit = unit
    }

    var meetsTarget: Bool { ratio >= target }
}

/// Prints a report as one JSON object, or as a table for people.
enum BenchOutput {
    /// Refuses a run whose `contents` (say, "1000 records of 200 B") of
    /// `bytes` in all would overflow `partitions` partitions of the embedded
    /// broker, which then silently drops the oldest records.
    static func requireRoom(for bytes: Double, _ contents: String, partitions: Int32) throws {
        guard bytes / Double(partitions) > Double(EmbeddedBroker.bytesPerPartition) else { return }
        throw ValidationError("\(contents) need more than \(partitions) partitions: the embedded broker keeps about \(EmbeddedBroker.bytesPerPartition >> 20) MiB per partition; raise --partitions")
    }

    /// The CPUs this process may run on (`taskset` limits them). A worker
    /// spreads its partitions over them; the raw consume loop is one thread
    /// whatever their number, so a worker's ratio to it grows with them.
    static var usableCores: Int { Int(homeward_usable_cpus()) }

    /// The table's line naming the cores the run had.
    static func printCores(_ cores: Int) {
        print(pad("cores", 24) + "\(cores) usable (the worker processes partitions on every core; the raw loop reads on one thread)")
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func printTable(title: String, rows: [(String, BenchComparison)]) {
        print(title)
        print(pad("phase", 12) + pad("raw librdkafka", 18) + pad("Homeward", 18) + pad("ratio", 8) + "target")
        for (name, row) in rows {
            print(pad(name, 12) + pad(format(row.raw) + " /s", 18) + pad(format(row.swift) + " /s", 18)
                  + pad(String(format: "%.2f", row.ratio), 8)
                  + String(format: "≥ %.2f %@", row.target, row.meetsTarget ? "met" : "NOT met"))
        }
    }

    static func format(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? String(Int(value))
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
