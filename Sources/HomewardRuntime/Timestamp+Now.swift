import Foundation
public import HomewardContract

extension Timestamp {
    /// The wall clock, to the millisecond.
    public static var now: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)))
    }
}
