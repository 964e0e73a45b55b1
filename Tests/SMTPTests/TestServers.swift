import Foundation
import HomewardTestKit
import SMTP

/// The Python SMTP servers of Tests/SMTPTests/Servers.
enum PythonSMTPServer {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers")

    /// Starts `script` of the servers folder.
    static func start(_ script: String, arguments: [String]) throws -> PythonServer {
        try PythonServer(script: scripts.appendingPathComponent(script), arguments: arguments)
    }
}

/// A scripted misbehaving server (fault_server.py) and what clients sent it.
final class FaultServer: Sendable {
    let server: PythonServer
    let transcript: URL

    init(_ scenario: String) throws {
        transcript = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-transcript-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        server = try PythonSMTPServer.start("fault_server.py", arguments: [scenario, transcript.path])
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
