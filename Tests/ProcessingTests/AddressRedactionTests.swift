import HomewardProcessing
import Testing

@Suite("Addresses taken out of text bound for logs and reports")
struct AddressRedactionTests {
    @Test("every word holding an @ becomes [address], bracketed or not; the rest stays as it was")
    func redacts() {
        #expect(AddressRedaction.redacted("RCPT TO rejected: 550 5.1.1 <a.devries@example.org>: user unknown")
            == "RCPT TO rejected: 550 5.1.1 [address] user unknown")
        #expect(AddressRedaction.redacted("to a@b.c  and  d@e.f") == "to [address]  and  [address]")
    }

    @Test("text without an @ is returned unchanged")
    func leavesOtherText() {
        #expect(AddressRedaction.redacted("connection lost: the server closed the connection") == "connection lost: the server closed the connection")
    }
}
