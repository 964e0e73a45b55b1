/// Kafka's default key partitioner (murmur2, as the Java client and
/// librdkafka's `murmur2_random`): partition = (murmur2(key) & 0x7fffffff) mod N.
///
/// Replay uses it to give each key the partition — and so the stream time —
/// it has in a live run.
public enum KafkaKeyPartitioner {
    /// The partition of `key` among `partitions`.
    public static func partition(of key: String, partitions: Int) -> Int {
        precondition(partitions > 0, "partitions must be positive")
        return Int(murmur2(Array(key.utf8)) & 0x7fff_ffff) % partitions
    }

    /// Kafka's murmur2 hash (seed 0x9747b28c).
    public static func murmur2(_ data: [UInt8]) -> UInt32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: data.count)
        let blocks = data.count / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = blocks * 4
        switch data.count % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 1:
            h ^= UInt32(data[tail])
            h &*= m
        default:
            break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }
}
