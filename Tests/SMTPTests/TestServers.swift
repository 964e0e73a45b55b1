import Foundation
import SMTP

/// A Python SMTP server of Tests/SMTPTests/Servers run as a child process:
/// it prints its port first and stops when its standard input closes.
final class PythonSMTPServer: @unchecked Sendable {  // immutable after init; Process is used from one test at a time
    let port: Int
    private let process: Process
    private let input: Pipe

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers")

    init(script: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.scripts.appendingPathComponent(script).path] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A { line.append(first) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(script) did not print its port"])
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// A scripted misbehaving server (fault_server.py) and what clients sent it.
final class FaultServer: Sendable {
    let server: PythonSMTPServer
    let transcript: URL

    init(_ scenario: String) throws {
        transcript = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-transcript-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        server = try PythonSMTPServer(script: "fault_server.py", arguments: [scenario, transcript.path])
    }

    /// Every line clients sent so far, with the number of its connection.
    var entries: [(connection: Int, line: String)] {
        let text = (try? String(contentsOf: transcript, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { entry in
            guard let space = entry.firstIndex(of: " "), let connection = Int(entry[..<space]) else { return nil }
            return (connection, String(entry[entry.index(after: space)...]))
        }
    }

    /// Every line clients sent so far.
    var lines: [String] { entries.map(\.line) }

    /// The commands clients sent, by verb (message content left out), in order.
    var verbs: [String] {
        var result: [String] = []
        var inData: Set<Int> = []
        for (connection, line) in entries {
            if inData.contains(connection) {
                if line == "." { inData.remove(connection) }
                continue
            }
            let verb = String(line.prefix { $0 != " " }).uppercased()
            result.append(verb)
            if verb == "DATA" { inData.insert(connection) }
        }
        return result
    }

    func client(_ change: (inout SMTPClientConfiguration) -> Void = { _ in }) throws -> SMTPClient {
        var configuration = SMTPClientConfiguration(server: SMTPServerAddress(host: "127.0.0.1", port: server.port, security: .plaintext))
        change(&configuration)
        return try SMTPClient(configuration: configuration)
    }
}

/// A throwaway CA and a server certificate it signed, for localhost and 127.0.0.1.
struct TestCertificates {
    let directory: URL
    var caCertificate: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }

    static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let extensions = directory.appendingPathComponent("san.cnf")
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(to: extensions, atomically: true, encoding: .utf8)
        let steps = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Homeward Test CA",
             "-keyout", "ca.key", "-out", "ca.pem"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
             "-extfile", "san.cnf", "-out", "server.pem"],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments[0]) failed"])
            }
        }
        return TestCertificates(directory: directory)
    }
}

/// A small message as the notifier would send it.
func testMessage(id: String = "n-1.cw-0001@homeward.test", subject: String = "Bezoek HW-0042 is over tijd",
                 to address: String = "cw-0001@example.org", padding: Int = 0) throws -> MailMessage {
    MailMessage(from: try MailAddress("homeward@example.org", displayName: "Homeward"),
                to: [try MailAddress(address, displayName: "Caseworker 0001")],
                subject: subject, date: 1_767_596_400, messageID: id,
                extraHeaders: [("X-Homeward-Notification", id)],
                text: "Het bezoek voor zaak HW-0042 is over tijd.\n.Een regel met een punt.\n"
                    + String(repeating: "Opvulling om het bericht groot te maken.\n", count: padding),
                html: "<p>Het bezoek voor zaak HW-0042 is over tijd.</p>")
}
