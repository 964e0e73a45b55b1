import HomewardContract

/// `homeward chaos`'s progress in words, for its ``StatusLine``.
enum ChaosProgress {
    /// The line for `look` in `phase`, with `kills` made so far of `planned`.
    static func text(phase: String, look: ChaosLook, kills: Int, planned: Int) -> String {
        let records = look.records
        return "\(phase) · kills \(kills)/\(planned) · events \(records[.caseEvents] ?? 0) · reminders \(records[.reminders] ?? 0)"
            + " · escalations \(records[.escalations] ?? 0) · notifications \(records[.notifications] ?? 0)"
            + " · e-mails \(look.emails) · lag \(look.totalLag)"
    }
}
