import Foundation
public import HomewardContract
import Mustache

/// The e-mail templates (swift-mustache), per language and kind, in text
/// and HTML: `templates/<language>/<kind>.txt.mustache` and
/// `….html.mustache`, where the kind is a reminder kind
/// (`visit-overdue`), `escalation-<level>` or `digest`; files starting
/// with `_` are partials (`{{> en/_footer.txt}}`). A text template's first
/// line is `Subject: …`, then a blank line, then the body.
///
/// Loading checks everything that would otherwise fail silently at send
/// time, since swift-mustache renders a missing variable as empty: every
/// kind the policy e-mails has both formats in every language, English
/// always; every partial named exists; and every template, rendered with
/// samples of its kind (each status, recommendation and optional field
/// present and absent), uses only variables that kind provides (see
/// ``TemplateVocabulary``). The recipient's language is used when its
/// templates exist, else English.
public struct NotificationTemplates: Sendable {
    /// The templates directory's name in the configuration directory.
    public static let directoryName = "templates"

    private let library: MustacheLibrary
    private let policy: NotifierPolicy
    /// The languages that have templates (English always).
    public let languages: Set<Language>

    /// Loads and checks `directory` (`config/templates`).
    ///
    /// - Throws: ``TemplateError`` naming the template and the fix.
    public init(directory: String, policy: NotifierPolicy) throws(TemplateError) {
        var files: [String: String] = [:]
        let manager = FileManager.default
        guard let languages = try? manager.contentsOfDirectory(atPath: directory) else {
            throw TemplateError(template: directory, message: "no templates directory here: expected en/ and nl/ with *.mustache files")
        }
        for language in languages.sorted() where !language.hasPrefix(".") {
            let folder = directory + "/" + language
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where name.hasSuffix(".mustache") {
                guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else {
                    throw TemplateError(template: language + "/" + name, message: "cannot be read as UTF-8 text")
                }
                files[language + "/" + name] = text
            }
        }
        try self.init(files: files, policy: policy)
    }

    /// Loads and checks templates given as `language/name.format.mustache` → text.
    ///
    /// - Throws: ``TemplateError`` naming the template and the fix.
    public init(files: [String: String], policy: NotifierPolicy) throws(TemplateError) {
        var library = MustacheLibrary()
        var kinds: [String: TemplateKind] = [:]
        var languages: Set<Language> = []
        for (file, text) in files.sorted(by: { $0.key < $1.key }) {
            let name = String(file.dropLast(".mustache".count))
            let parts = name.split(separator: "/")
            guard file.hasSuffix(".mustache"), parts.count == 2, let language = Language(rawValue: String(parts[0])) else {
                throw TemplateError(template: file, message: "expected <language>/<kind>.txt.mustache or .html.mustache, language nl or en")
            }
            let stem = parts[1]
            guard stem.hasSuffix(".txt") || stem.hasSuffix(".html") else {
                throw TemplateError(template: name, message: "expected a .txt.mustache or .html.mustache file")
            }
            let isText = stem.hasSuffix(".txt")
            let kindName = String(stem.dropLast(isText ? 4 : 5))
            if !kindName.hasPrefix("_") {
                guard let kind = TemplateKind(name: kindName) else {
                    throw TemplateError(template: name, message: "unknown template: name it for a reminder kind (visit-overdue), "
                                            + "escalation-<level> (escalation-urgent) or digest; start a partial's name with _")
                }
                kinds[name] = kind
                if isText, !text.hasPrefix("Subject: ") {
                    throw TemplateError(template: name, message: "the first line must be \"Subject: …\", then a blank line, then the body")
                }
            }
            do {
                library.register(try MustacheTemplate(string: (isText ? "{{% CONTENT_TYPE: TEXT}}" : "") + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(template: name, message: "line \(error.context.lineNumber): \(error.error)")
            } catch {
                throw TemplateError(template: name, message: "\(error)")
            }
            languages.insert(language)
        }
        self.library = library
        self.policy = policy
        self.languages = languages
        try checkPartials(files)
        try checkCoverage(kinds: kinds)
        for (name, kind) in kinds.sorted(by: { $0.key < $1.key }) { try checkVariables(name, kind: kind) }
    }

    /// Renders `content` for a recipient, in `language` when it has
    /// templates (else English), with times on `timezone`'s clock.
    public func render(_ content: EmailContent, language: Language, recipientName: String, timezone: TimeZoneName) -> RenderedEmail {
        let chosen = languages.contains(language) ? language : .en
        let kind = TemplateKind(of: content) ?? .digest
        let context = TemplateVocabulary.values(of: content, recipientName: recipientName, calendar: LocalCalendar(zone: timezone),
                                                timezone: timezone, policy: policy, lookups: TemplateLookups())
        return render(name: "\(chosen.rawValue)/\(kind.name)", context: context)
    }

    private func render(name: String, context: TemplateProbe) -> RenderedEmail {
        let text = library.render(context, withTemplate: name + ".txt") ?? ""
        let html = library.render(context, withTemplate: name + ".html") ?? ""
        var lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let subjectLine = lines.isEmpty ? "" : String(lines.removeFirst())
        let subject = subjectLine.dropFirst("Subject:".count).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var body = lines.first.map(String.init) ?? ""
        while body.hasPrefix("\n") { body.removeFirst() }
        return RenderedEmail(subject: subject, text: body, html: html)
    }

    /// Every `{{> name}}` names a template that exists.
    private func checkPartials(_ files: [String: String]) throws(TemplateError) {
        for (file, text) in files.sorted(by: { $0.key < $1.key }) {
            var rest = Substring(text)
            while let open = rest.range(of: "{{>") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                let partial = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if library.getTemplate(named: partial) == nil {
                    throw TemplateError(template: String(file.dropLast(".mustache".count)),
                                        message: "uses partial {{> \(partial)}}, which does not exist: add \(partial).mustache")
                }
                rest = after[close.upperBound...]
            }
        }
    }

    /// Every kind the policy e-mails has both formats in every language, and English exists.
    private func checkCoverage(kinds: [String: TemplateKind]) throws(TemplateError) {
        guard languages.contains(.en) else {
            throw TemplateError(template: "en/", message: "English templates are missing: they are the fallback for every language")
        }
        var needed: [TemplateKind] = [.digest]
        needed += ReminderKind.allCases.filter { [.atOnce, .alwaysAtOnce].contains(policy.reminders[$0]) }.map { .reminder($0) }
        needed += EscalationLevel.allCases.filter { [.atOnce, .alwaysAtOnce].contains(policy.escalations[$0]) }.map { .escalation($0) }
        for language in languages.sorted(by: { $0.rawValue < $1.rawValue }) {
            for kind in needed {
                for format in ["txt", "html"] where kinds["\(language.rawValue)/\(kind.name).\(format)"] == nil {
                    throw TemplateError(template: "\(language.rawValue)/\(kind.name).\(format)",
                                        message: "missing: the policy e-mails \(kind.name), so add \(language.rawValue)/\(kind.name).\(format).mustache")
                }
            }
        }
    }

    /// The template uses only variables its kind provides.
    private func checkVariables(_ name: String, kind: TemplateKind) throws(TemplateError) {
        let declared = TemplateVocabulary.names(of: kind)
        let bareNames = Set(declared.map { String($0.split(separator: ".").last!) })
        let lookups = TemplateLookups()
        for sample in TemplateSamples.contents(of: kind) {
            let context = TemplateVocabulary.values(of: sample, recipientName: "A. de Vries", calendar: LocalCalendar(zone: .amsterdam),
                                                    timezone: .amsterdam, policy: policy, lookups: lookups)
            _ = library.render(context, withTemplate: name)
        }
        let unknown = lookups.rootMisses.subtracting(declared)
            .union(lookups.innerMisses.filter { !bareNames.contains(String($0.split(separator: ".").last!)) }.map { String($0.split(separator: ".").last!) })
        if let first = unknown.sorted().first {
            throw TemplateError(template: name, message: "uses {{\(first)}}, which \(kind.name) does not provide; "
                                    + "\(kind.name) provides \(declared.sorted().joined(separator: ", "))")
        }
    }
}
