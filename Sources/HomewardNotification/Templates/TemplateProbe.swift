import Mustache

/// The variables one template rendering asked for and did not find.
///
/// swift-mustache renders a missing variable as empty and never throws, so
/// templates are checked by rendering them with a sample of each kind and
/// watching the lookups. A name is looked up from the innermost section's
/// object outwards and last on the root object; a miss on the root is
/// therefore a miss everywhere. A miss on an inner object (a digest item, a
/// section's object) may still be found further out, so it counts only when
/// its name is nowhere in the kind's vocabulary.
final class TemplateLookups {
    /// Names the root did not have (and so nothing had).
    var rootMisses: Set<String> = []
    /// Paths an inner object did not have (`items.typo`).
    var innerMisses: Set<String> = []
}

/// A template's context: named values (strings, integers, booleans, nested
/// probes and lists of probes) that report the lookups they cannot answer.
final class TemplateProbe: MustacheParent {
    private let values: [String: Any]
    private let path: String
    private let lookups: TemplateLookups

    /// A context of `values` at `path` (empty for the root).
    init(_ values: [String: Any], path: String = "", lookups: TemplateLookups) {
        self.values = values
        self.path = path
        self.lookups = lookups
    }

    /// The value named `name`, noting a miss.
    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        if path.isEmpty { lookups.rootMisses.insert(name) } else { lookups.innerMisses.insert(path + "." + name) }
        return nil
    }
}
