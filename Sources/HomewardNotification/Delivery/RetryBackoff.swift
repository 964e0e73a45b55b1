import HomewardContract
public import HomewardProcessing

extension NotifierPolicy.Retries {
    /// The wait after attempt `attempt` (1 = the first) of e-mail `emailId`
    /// failed: `first` doubled per attempt up to `longest`, shortened by a
    /// jitter of up to `jitterPercent` that is derived from the e-mail's id
    /// and the attempt, so e-mails failing together spread out while a
    /// replay computes the same waits.
    public func wait(after attempt: Int, of emailId: String) -> PolicyDuration {
        var base = first.milliseconds
        for _ in 1..<max(1, attempt) where base < longest.milliseconds { base *= 2 }
        base = min(base, longest.milliseconds)
        let fraction = Double(DerivedIdentifier.fnv1a("\(emailId)#\(attempt)") >> 11) / Double(1 << 53)
        let jitter = Int64(Double(base) * Double(jitterPercent) / 100 * fraction)
        return PolicyDuration(milliseconds: base - jitter)
    }
}
