import HomewardContract
import Testing
@testable import HomewardBoard

/// The view's versions: a page's live stream starts where the page was
/// rendered, so no change between the two is lost.
@Suite("The board's view: versioned changes for the live streams")
struct BoardViewTests {
    typealias S = BoardSamples

    /// A view with case-1 and case-2 open (versions 1 and 2).
    static func view() -> BoardView {
        let view = BoardView(day: S.start..<S.at(hours: 24))
        for caseId in ["case-1", "case-2"] {
            view.update { state in state.apply(status: S.status(caseId, .urgent), caseId: caseId).map { [$0] } ?? [] }
        }
        return view
    }

    /// The first `count` items of `stream`.
    static func first(_ count: Int, of stream: AsyncStream<BoardVersionedChange>) async -> [BoardVersionedChange] {
        var items: [BoardVersionedChange] = []
        for await item in stream {
            items.append(item)
            if items.count == count { break }
        }
        return items
    }

    @Test("a stream from a page's version is first sent every case changed after it, as it stands, then the live changes")
    func catchUpThenLive() async {
        let view = Self.view()
        let rendered = view.version
        #expect(rendered == 2)
        // Between the page and its stream: case-1 acknowledged, case-2 resolved, case-1 raised again.
        view.update { state in
            [state.apply(status: S.status("case-1", .urgent, acknowledged: true), caseId: "case-1"),
             state.apply(status: nil, caseId: "case-2")].compactMap { $0 }
        }
        view.update { state in state.apply(status: S.status("case-1", .emergency), caseId: "case-1").map { [$0] } ?? [] }
        let stream = view.changes(since: rendered)
        view.update { state in state.apply(status: S.status("case-3", .review), caseId: "case-3").map { [$0] } ?? [] }
        let items = await Self.first(3, of: stream)
        #expect(items == [
            BoardVersionedChange(version: 4, change: .removed(caseId: "case-2")),
            BoardVersionedChange(version: 5, change: .changed(caseId: "case-1")),
            BoardVersionedChange(version: 6, change: .changed(caseId: "case-3")),
        ])
    }

    @Test("a stream without a version, or from the latest, gets only what changes from then on")
    func fromNow() async {
        let view = Self.view()
        let streams = [view.changes(since: nil), view.changes(since: view.version)]
        view.update { state in state.apply(status: S.status("case-3", .review), caseId: "case-3").map { [$0] } ?? [] }
        for stream in streams {
            #expect(await Self.first(1, of: stream) == [BoardVersionedChange(version: 3, change: .changed(caseId: "case-3"))])
        }
    }

    @Test("a reconnecting browser's Last-Event-ID wins over the page's since=; anything else is no version")
    func sinceFromTheRequest() {
        #expect(BoardFilter.since(query: "team=team-north&since=12", lastEventID: nil) == 12)
        #expect(BoardFilter.since(query: "since=12", lastEventID: "40") == 40)
        #expect(BoardFilter.since(query: "since=12", lastEventID: "x") == 12)
        #expect(BoardFilter.since(query: "since=-1", lastEventID: nil) == nil)
        #expect(BoardFilter.since(query: nil, lastEventID: nil) == nil)
    }
}
