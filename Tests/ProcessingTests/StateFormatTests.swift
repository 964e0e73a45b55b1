import HomewardContract
import HomewardProcessing
import Testing

/// A state whose encoding changed: format 2 adds a note; format 1 (the
/// test logic's `Count`) is read and migrated.
struct NotedCount: StateCodable {
    static var formatVersion: Int { 2 }
    var events: Int
    var last: Timestamp
    var note: String

    func encode(into writer: inout BinaryWriter) {
        writer.write(events)
        writer.write(last)
        writer.write(note)
    }

    init(events: Int, last: Timestamp, note: String) {
        self.events = events
        self.last = last
        self.note = note
    }

    init(from reader: inout BinaryReader) throws { try self.init(from: &reader, formatVersion: Self.formatVersion) }

    init(from reader: inout BinaryReader, formatVersion: Int) throws {
        events = try reader.readInt()
        last = try reader.readTimestamp()
        note = formatVersion >= 2 ? try reader.readString() : "migrated from format 1"
    }
}

@Suite("State formats: every record carries its format; earlier ones are migrated on read, later ones refused")
struct StateFormatTests {
    typealias Count = FollowUpLogic.Count
    let timer = DurableTimer(id: "due", due: Timestamp(millisecondsSinceEpoch: 5_000))
    let count = Count(events: 3, last: Timestamp(millisecondsSinceEpoch: 1_000))

    /// A record as the previous build wrote it (format 2: timers, then the state).
    func formatTwo() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(UInt64(2))
        writer.write([timer]) { writer, timer in
            writer.write(timer.id)
            writer.write(timer.due)
            writer.write(bytes: timer.payload)
        }
        writer.write(Optional(count)) { writer, state in state.encode(into: &writer) }
        return writer.bytes
    }

    @Test("a record of the previous format is read, and written back in the current one with the state's format")
    func migratesFormatTwo() throws {
        let record = try KeyRecord<Count>(encoded: formatTwo())
        #expect(record == KeyRecord(state: count, timers: [timer]))
        let rewritten = record.encoded()
        #expect(Array(rewritten.prefix(2)) == [3, 1], "format 3, state format 1")
        #expect(try KeyRecord<Count>(encoded: rewritten) == record)
        #expect(try KeyRecord<Count>.timers(inEncoded: rewritten) == [timer])
    }

    @Test("a state whose encoding changed reads its earlier format through its migration")
    func migratesStateFormat() throws {
        let written = KeyRecord(state: count, timers: [timer]).encoded()
        let migrated = try KeyRecord<NotedCount>(encoded: written)
        #expect(migrated.state == NotedCount(events: 3, last: count.last, note: "migrated from format 1"))
        #expect(Array(migrated.encoded().prefix(2)) == [3, 2])
    }

    @Test("a record or a state of a later format than this build writes is refused at restore, naming the formats and the fix")
    func refusesNewer() throws {
        var newerRecord = KeyRecord(state: count, timers: []).encoded()
        newerRecord[0] = 4
        let newerState = KeyRecord(state: NotedCount(events: 1, last: count.last, note: "n"), timers: []).encoded()
        for (bytes, named) in [(newerRecord, "record format 4; this build writes 3"), (newerState, "Count format 2; this build writes 1")] {
            var store = PartitionStore<Count>()
            store.restore(key: "case-1", value: bytes)
            #expect {
                try store.finishRestore()
            } throws: { error in
                let text = "\(error)"
                return text.contains("written by a newer Homeward") && text.contains(named) && text.contains("homeward state reset")
            }
        }
    }
}
