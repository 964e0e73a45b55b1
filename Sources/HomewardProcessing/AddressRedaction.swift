/// Takes e-mail addresses out of text that goes where no personal data may
/// (logs, the audit topic, dead-letter headers): a mail server may echo
/// the recipient in its reply, a refused directory may quote an address.
public enum AddressRedaction {
    /// `text` with every space-separated word that holds an `@` replaced by `[address]`.
    public static func redacted(_ text: String) -> String {
        guard text.contains("@") else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.contains("@") ? "[address]" : String($0) }
            .joined(separator: " ")
    }
}
