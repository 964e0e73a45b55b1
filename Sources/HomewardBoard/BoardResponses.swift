import Foundation
import Hummingbird

/// The board's plain responses: redirects, refusals, HTML and JSON bodies.
enum BoardResponses {
    /// 303 to `location` (after a POST, or to sign in).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// 401 for the API, asking for Basic credentials.
    static func unauthorized() -> Response {
        Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"Homeward board\", charset=\"UTF-8\""],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: "sign in: a session cookie or HTTP Basic credentials of a board user\n")))
    }

    /// 429 with `Retry-After`.
    static func tooManyAttempts(retryAfter wait: Duration) -> Response {
        Response(status: .tooManyRequests, headers: [.retryAfter: "\(max(1, wait.components.seconds))"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: "too many failed sign-ins: try again later\n")))
    }

    /// 403 for a POST without the right CSRF token, or an action the user may not take.
    static func forbidden(_ why: String) -> Response {
        Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: why + "\n")))
    }

    /// `status` with an HTML body.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 200 with a JSON body.
    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `status` with a text body.
    static func text(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
