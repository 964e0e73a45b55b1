import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP GET to a server on this machine (the operations
/// endpoints), with no cache and no retries: each call asks the server.
/// Not for a URL that answers 401 with `WWW-Authenticate`: URLSession on
/// Linux then waits for credentials that never come.
public enum LocalHTTP {
    /// What the server answered.
    public struct Answer: Sendable {
        /// The status code.
        public let status: Int
        /// The `Content-Type` header, if any.
        public let contentType: String?
        /// The body, as UTF-8 text.
        public let body: String
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration)
    }()

    /// `GET http://host:port/path`.
    ///
    /// - Throws: what URLSession throws when nothing answers (the server is not up).
    public static func get(_ path: String, port: Int, host: String = "127.0.0.1") async throws -> Answer {
        let url = URL(string: "http://\(host):\(port)\(path)")!
        let (data, response) = try await session.data(from: url)
        let http = response as? HTTPURLResponse
        return Answer(status: http?.statusCode ?? 0, contentType: http?.value(forHTTPHeaderField: "Content-Type"),
                      body: String(decoding: data, as: UTF8.self))
    }

    /// A TCP port of 127.0.0.1 that was free a moment ago (bound to port 0, then released),
    /// for a child process that must be told its port.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
