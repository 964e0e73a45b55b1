import Hummingbird

extension BoardForms {
    /// The fields of an `application/x-www-form-urlencoded` body (the last
    /// of a repeated name wins); empty for anything else or a larger body.
    static func fields(of request: Request) async -> [String: String] {
        guard let buffer = try? await request.body.collect(upTo: maxBody) else { return [:] }
        return decode(String(buffer: buffer))
    }
}
