import Mustache

/// The variables one template rendering asked for and did not find.
///
/// swift-mustache renders a missing variable as empty and never throws, so
/// templates are checked by rendering them with a sample of each kind and
/// watching the lookups. A name is looked up from the innermost section's
/// object outwards and last on the root object, one object after the
/// other. A name asked of the root first is a root variable: it must be in
/// the kind's vocabulary at the root. A name an inner object (a digest
/// item, a section's object) did not have, whether the root then had it or
/// not, counts only when it is nowhere in the vocabulary: an optional field
/// of an item is legitimately absent.
final class TemplateLookups {
    /// Names asked of the root first that it did not have.
    var rootMisses: Set<String> = []
    /// Paths an inner object did not have (`items.typo`).
    var innerMisses: Set<String> = []
    /// The name an inner object just missed: the root's next lookup of it
    /// is the same token climbing out.
    var climbing: String?
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
        let climbed = lookups.climbing == name
        lookups.climbing = nil
        if let value = values[name] { return value }
        if !path.isEmpty {
            lookups.innerMisses.insert(path + "." + name)
            lookups.climbing = name
        } else if !climbed {
            lookups.rootMisses.insert(name)
        }
        return nil
    }
}
