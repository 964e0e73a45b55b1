public import HomewardContract
import Foundation
public import Hummingbird

/// The live list as Server-Sent Events (`text/event-stream`): an `upsert`
/// event with a row's markup and sort key when a row the user may see (and
/// the filter admits) is new or changed, a `remove` event when it leaves
/// the list, and a comment every `heartbeat` to keep proxies from closing
/// an idle connection. Each event carries the number of rows the user's
/// list now has (`total`), and as its id the view's version of the change:
/// a stream that starts from a page's version (`since`) or reconnects
/// (`Last-Event-ID`) is first sent every row changed after it.
public enum BoardEventStream {
    /// The response streaming `view`'s changes as `user` sees them, first
    /// those after version `since` (nil: from now on).
    public static func response(view: BoardView, page: BoardPage, user: BoardUser, filter: BoardFilter, csrf: String, since: UInt64?,
                                now: @escaping @Sendable () -> Timestamp, heartbeat: Duration = .seconds(15)) -> Response {
        let changes = view.changes(since: since)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            let items = merged(changes, heartbeat: heartbeat)
            for await item in items {
                let text: String
                switch item {
                case .heartbeat: text = ": keep-alive\n\n"
                case .change(let change):
                    text = "id: \(change.version)\n" + event(for: change.change, view: view, page: page, user: user, filter: filter, csrf: csrf, now: now())
                }
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The SSE event of `change` for this user and filter.
    public static func event(for change: BoardChange, view: BoardView, page: BoardPage, user: BoardUser, filter: BoardFilter, csrf: String,
                      now: Timestamp) -> String {
        let caseId = change.caseId
        if case .changed = change, let row = view.row(caseId: caseId, for: user, now: now), filter.admits(row.escalation) {
            let upsert = Upsert(caseId: caseId, sortKey: BoardOrdering.sortKey(row.escalation, at: now),
                                html: page.render(row: row, csrf: csrf, now: now), total: view.count(for: user, filter: filter))
            return "event: upsert\ndata: \(json(upsert))\n\n"
        }
        return "event: remove\ndata: \(json(Remove(caseId: caseId, total: view.count(for: user, filter: filter))))\n\n"
    }

    private enum Item: Sendable {
        case change(BoardVersionedChange)
        case heartbeat
    }

    /// `changes` and a heartbeat every `interval`, until `changes` ends or the reader goes.
    private static func merged(_ changes: AsyncStream<BoardVersionedChange>, heartbeat interval: Duration) -> AsyncStream<Item> {
        let (items, continuation) = AsyncStream.makeStream(of: Item.self)
        let forward = Task {
            for await change in changes { continuation.yield(.change(change)) }
            continuation.finish()
        }
        let beat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield(.heartbeat)
            }
        }
        continuation.onTermination = { _ in
            forward.cancel()
            beat.cancel()
        }
        return items
    }

    private struct Upsert: Encodable {
        var caseId, sortKey, html: String
        var total: Int
    }

    private struct Remove: Encodable {
        var caseId: String
        var total: Int
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
