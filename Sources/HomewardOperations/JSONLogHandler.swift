#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HomewardContract
import HomewardRuntime
public import Logging

/// A swift-log handler that writes each entry as one line of JSON, for a
/// log collector: `time` (RFC 3339, UTC, with milliseconds unless 0), `level`,
/// `logger` (the label), `message`, then every metadata key as a member of
/// its own (strings, arrays, objects; a key named like one of the fixed
/// members is written as `metadata.<key>`), and `source` (the module).
/// Each line goes out in one write, so concurrent loggers never interleave.
public struct JSONLogHandler: LogHandler {
    /// The level below which entries are dropped.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added at each entry (task-local context).
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    private static let fixedMembers: Set<String> = ["time", "level", "logger", "message", "source"]

    /// A handler for the logger `label`, writing each line (newline
    /// included) through `write`: standard error by default.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
                write: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStandardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// The metadata value under `metadataKey`.
    public subscript(metadataKey metadataKey: String) -> Logger.Metadata.Value? {
        get { metadata[metadataKey] }
        set { metadata[metadataKey] = newValue }
    }

    /// Writes `event` as one line.
    public func log(event: LogEvent) {
        write(line(event, at: Timestamp.now) + "\n")
    }

    /// The JSON object for `event`, logged at `time`.
    func line(_ event: LogEvent, at time: Timestamp) -> String {
        var members: [(name: String, json: String)] = [
            ("time", JSONText.quoted(time.rfc3339)), ("level", JSONText.quoted(event.level.rawValue)),
            ("logger", JSONText.quoted(label)), ("message", JSONText.quoted(event.message.description)),
        ]
        for (key, value) in effectiveMetadata(event).sorted(by: { $0.key < $1.key }) {
            members.append((Self.fixedMembers.contains(key) ? "metadata.\(key)" : key, Self.json(value)))
        }
        members.append(("source", JSONText.quoted(event.source)))
        return JSONText.object(members)
    }

    /// The handler's metadata, then the provider's, then the entry's own, later ones winning.
    private func effectiveMetadata(_ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): JSONText.quoted(text)
        case .stringConvertible(let convertible): JSONText.quoted(convertible.description)
        case .array(let items): JSONText.array(items.map(json))
        case .dictionary(let entries): JSONText.object(entries.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }

    /// Writes `line` to standard error in one `write(2)` (continued if the
    /// system takes only part of it).
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(2, buffer.baseAddress, buffer.count)
                #else
                Darwin.write(2, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
