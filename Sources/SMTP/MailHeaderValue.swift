/// The rule every header input follows: no CR, no LF, no other control
/// character but tab. A value that breaks it is refused, never cleaned, so
/// that nothing can add a header or end the header block.
enum MailHeaderValue {
    static func check(_ value: String, field: String) throws(SMTPError) {
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            throw .invalidMessage("the \(field) holds a line break or a control character")
        }
    }

    static func checkName(_ name: String) throws(SMTPError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != 0x3A }) else {
            throw .invalidMessage("'\(name)' is not a header field name")
        }
    }
}
