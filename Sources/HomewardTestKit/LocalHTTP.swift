import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP GET to a server on this machine (the operations
/// endpoints), with no cache and no retries: each call asks the server.
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
}
