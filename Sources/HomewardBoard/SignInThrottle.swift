public import Foundation
import Synchronization

/// Limits failed sign-ins: after `limit` failures within `window` for one
/// user id, or from one client address, further attempts are refused until
/// the oldest counted failure is `window` old. Memory stays bounded: old
/// failures are forgotten, and at most `capacity` keys are tracked.
public final class SignInThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    /// Failures allowed within the window.
    public let limit: Int
    /// How long a failure counts.
    public let window: TimeInterval
    /// Keys tracked at most.
    public let capacity: Int

    /// A throttle of `limit` failures per `window`, tracking at most `capacity` keys.
    public init(limit: Int = 5, window: TimeInterval = 15 * 60, capacity: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// How long until `userId` may try again from `address`; nil when they may now.
    public func retryAfter(userId: String, address: String, now: Date) -> Duration? {
        failures.withLock { table in
            let waits = [Self.userKey(userId), Self.addressKey(address)].compactMap { key -> TimeInterval? in
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - now.timeIntervalSince(oldest)
            }
            return waits.max().map { .milliseconds(Int64(($0 * 1_000).rounded(.up))) }
        }
    }

    /// Whether `userId` may try now from `address`.
    public func allows(userId: String, address: String, now: Date) -> Bool {
        retryAfter(userId: userId, address: address, now: now) == nil
    }

    /// Counts a failed attempt.
    public func recordFailure(userId: String, address: String, now: Date) {
        failures.withLock { table in
            if table.count >= capacity { table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            guard table.count < capacity else { return }
            for key in [Self.userKey(userId), Self.addressKey(address)] {
                table[key] = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }.suffix(limit - 1) + [now]
            }
        }
    }

    /// A successful sign-in clears the user's failures (not the address's).
    public func recordSuccess(userId: String, address: String) {
        _ = failures.withLock { $0.removeValue(forKey: Self.userKey(userId)) }
    }

    /// Keys tracked now (for tests of the bound).
    public var trackedKeys: Int { failures.withLock { $0.count } }

    private static func userKey(_ id: String) -> String { "u:" + id.prefix(128) }
    private static func addressKey(_ address: String) -> String { "a:" + address }
}
