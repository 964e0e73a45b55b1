/// A parsed JSON document as a flat list of nodes that point into the
/// document's bytes, in document order: what the event validator reads.
/// Unlike a ``JSONValue`` tree it allocates nothing for an ordinary event
/// (its nodes are on the parser's stack), and a string becomes a `String`
/// only when a field asks for it (a timestamp never does).
///
/// A view of memory it does not own: the document's bytes and the nodes
/// and unescaped strings kept by ``JSONParser/withTape(of:_:)`` for the
/// length of one call. Copying it costs no reference counting, which the
/// validator, reading about thirty fields through it per event, would
/// otherwise pay on every read.
struct JSONTape {
    /// What a node is.
    enum Kind: UInt8 {
        case null, `true`, `false`, number
        /// A string without escapes: `start`/`count` are a range of the document.
        case string
        /// A string with escapes: `start`/`count` are a range of ``unescaped``.
        case unescapedString
        /// `count` children (an object's are name, value, name, value, …);
        /// `end` is the index of the node after its last descendant.
        case array, object
    }

    /// One value (or member name), in 16 bytes: a number keeps its value
    /// in the place of a string's range, which it does not have.
    struct Node {
        let kind: Kind
        private var first: UInt32 = 0
        private var second: UInt32 = 0
        private(set) var end: UInt32 = 0

        init(kind: Kind) { self.kind = kind }

        init(string kind: Kind, start: Int, count: Int) {
            self.kind = kind
            first = UInt32(truncatingIfNeeded: start)
            second = UInt32(truncatingIfNeeded: count)
        }

        init(number: Double) {
            kind = .number
            first = UInt32(truncatingIfNeeded: number.bitPattern)
            second = UInt32(truncatingIfNeeded: number.bitPattern >> 32)
        }

        /// Where a string starts (in the document or in ``unescaped``).
        var start: Int { Int(first) }
        /// A string's length in bytes, or a container's children.
        var count: Int { Int(second) }
        /// A number's value.
        var number: Double { Double(bitPattern: UInt64(first) | UInt64(second) << 32) }

        /// Closes a container of `count` children whose last descendant is before node `end`.
        mutating func close(count: Int, end: Int) {
            second = UInt32(truncatingIfNeeded: count)
            self.end = UInt32(truncatingIfNeeded: end)
        }
    }

    /// Collects a document's nodes while it is parsed: a node is added with
    /// a store, without the uniqueness and capacity checks of an array
    /// append (about thirty per event). The nodes start in memory the
    /// caller lends (on its stack: no allocation for an ordinary event) and
    /// move to memory of the builder's own if they outgrow it.
    struct Builder: ~Copyable {
        private var base: UnsafeMutablePointer<Node>
        private var capacity: Int
        private var count = 0
        /// Whether `base` was allocated here (not lent).
        private var owned = false
        private var unescaped: [UInt8] = []

        /// A builder that starts in `memory` (lent for its lifetime).
        init(startingIn memory: UnsafeMutableBufferPointer<Node>) {
            precondition(memory.count > 0, "a tape needs room for its root")
            base = memory.baseAddress!
            capacity = memory.count
        }

        deinit { if owned { base.deallocate() } }

        mutating func append(_ kind: Kind) { push(Node(kind: kind)) }

        mutating func append(number: Double) { push(Node(number: number)) }

        mutating func appendString(at start: Int, count: Int) {
            push(Node(string: .string, start: start, count: count))
        }

        mutating func appendUnescapedString(_ content: [UInt8]) {
            push(Node(string: .unescapedString, start: unescaped.count, count: content.count))
            unescaped += content
        }

        mutating func beginContainer(_ kind: Kind) -> Int {
            push(Node(kind: kind))
            return count - 1
        }

        mutating func endContainer(_ node: Int, count: Int) {
            base[node].close(count: count, end: self.count)
        }

        /// Calls `body` with a tape over `bytes` and the nodes collected.
        func withTape<R>(over bytes: UnsafeRawBufferPointer, _ body: (JSONTape) -> R) -> R {
            unescaped.withUnsafeBufferPointer { unescaped in
                body(JSONTape(bytes: bytes, nodes: UnsafeBufferPointer(start: base, count: count), unescaped: unescaped))
            }
        }

        @inline(__always)
        private mutating func push(_ node: Node) {
            if count == capacity { grow() }
            (base + count).initialize(to: node)
            count += 1
        }

        private mutating func grow() {
            let larger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            if owned { base.deallocate() }
            base = larger
            capacity *= 2
            owned = true
        }
    }

    /// The document.
    let bytes: UnsafeRawBufferPointer
    /// The nodes, the document's root first.
    let nodes: UnsafeBufferPointer<Node>
    /// The contents of strings that had escapes, unescaped.
    let unescaped: UnsafeBufferPointer<UInt8>

    // MARK: Reading

    /// The index of the node after `node` and its descendants.
    func next(after node: Int) -> Int {
        switch nodes[node].kind {
        case .array, .object: Int(nodes[node].end)
        default: node + 1
        }
    }

    /// Calls `body` with the UTF-8 bytes of string node `node`.
    func withUTF8<R>(of node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let entry = nodes[node]
        if entry.kind == .string {
            return body(UnsafeBufferPointer(rebasing: bytes.bindMemory(to: UInt8.self)[entry.start..<(entry.start + entry.count)]))
        }
        return body(UnsafeBufferPointer(rebasing: unescaped[entry.start..<(entry.start + entry.count)]))
    }

    /// The text of string node `node` (checked as UTF-8 when parsed).
    func string(at node: Int) -> String {
        withUTF8(of: node) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether string node `node` is `text`, compared byte by byte.
    func string(at node: Int, equals text: String) -> Bool {
        var text = text
        return text.withUTF8 { string(at: node, equals: $0) }
    }

    /// Whether string node `node` holds the bytes `utf8` (a string of
    /// another length is passed over without comparing bytes).
    private func string(at node: Int, equals utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        nodes[node].count == utf8.count && withUTF8(of: node) { memcmpEqual($0, utf8) }
    }

    /// Whether node `node` is a string.
    func isString(_ node: Int) -> Bool { nodes[node].kind == .string || nodes[node].kind == .unescapedString }

    /// The members of object node `node`: each name's node and value's node.
    func members(of node: Int) -> [(name: Int, value: Int)] {
        var result: [(name: Int, value: Int)] = []
        result.reserveCapacity(nodes[node].count)
        var child = node + 1
        for _ in 0..<nodes[node].count {
            result.append((child, child + 1))
            child = next(after: child + 1)
        }
        return result
    }

    /// The value node of the last member of object `node` named `name`.
    func member(_ name: String, of node: Int) -> Int? {
        var name = name
        return name.withUTF8 { member(named: $0, of: node) }
    }

    /// The value node of the last member of object `node` whose name is the
    /// UTF-8 bytes `wanted`. Always inlined: the case-event decoder looks up
    /// every field through ``member(_:of:)``, and a call here cost it about 2%.
    @inline(__always)
    func member(named wanted: UnsafeBufferPointer<UInt8>, of node: Int) -> Int? {
        var found: Int?
        var child = node + 1
        for _ in 0..<nodes[node].count {
            let entry = nodes[child]
            if entry.count == wanted.count {
                // A name without escapes is compared in place.
                if entry.kind == .string {
                    if memcmpEqual(wanted, UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + entry.start,
                                                               count: entry.count)) {
                        found = child + 1
                    }
                } else if string(at: child, equals: wanted) {
                    found = child + 1
                }
            }
            let value = nodes[child + 1]
            child = value.kind == .array || value.kind == .object ? Int(value.end) : child + 2
        }
        return found
    }

    /// The item nodes of array node `node`.
    func items(of node: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(nodes[node].count)
        var child = node + 1
        for _ in 0..<nodes[node].count {
            result.append(child)
            child = next(after: child)
        }
        return result
    }

    /// Node `node` and its descendants as a ``JSONValue`` (for
    /// `JSONParser.parse`, and for describing a value in an error).
    func value(at node: Int) -> JSONValue {
        let entry = nodes[node]
        switch entry.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(entry.number)
        case .string, .unescapedString: return .string(string(at: node))
        case .array: return .array(items(of: node).map { value(at: $0) })
        case .object: return .object(members(of: node).map { (key: string(at: $0.name), value: value(at: $0.value)) })
        }
    }
}
