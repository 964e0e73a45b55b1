import Foundation
import HomewardContract
import Testing
import Yams

/// The deploy manifests (`deploy/`) parse, and agree with the code: the
/// topic catalogue, the worker kinds, the operations endpoints, the metric
/// names and the environment variables the sources read.
@Suite("the deploy manifests agree with the code")
struct DeployManifestTests {
    static let repository = TopicManifestTests.repository

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every document of a (possibly multi-document) YAML file, each a mapping.
    static func documents(_ path: String) throws -> [[String: Any]] {
        var sequence = try Yams.load_all(yaml: try text(path))
        var documents: [[String: Any]] = []
        while let document = sequence.next() {
            documents.append(try #require(document as? [String: Any], "every document of \(path) is a mapping"))
        }
        if let error = sequence.error { throw error }
        return documents
    }

    /// The files under `folder` (relative to the repository), relative paths, sorted.
    static func files(under folder: String) -> [String] {
        let root = repository.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            paths.append(folder + "/" + url.path.dropFirst(root.path.count + 1))
        }
        return paths.sorted()
    }

    /// The Kubernetes objects of the kustomization, with their kind.
    static func kubernetesObjects() throws -> [[String: Any]] {
        let kustomization = try documents("deploy/kubernetes/kustomization.yaml")[0]
        let resources = try #require(kustomization["resources"] as? [String])
        return try resources.flatMap { try documents("deploy/kubernetes/" + $0) }
    }

    static func objects(_ kind: String, in objects: [[String: Any]]) -> [[String: Any]] {
        objects.filter { $0["kind"] as? String == kind }
    }

    static func name(_ object: [String: Any]) -> String? {
        (object["metadata"] as? [String: Any])?["name"] as? String
    }

    /// The text of every Swift source file.
    static func sources() -> String {
        files(under: "Sources").filter { $0.hasSuffix(".swift") }
            .compactMap { try? text($0) }.joined(separator: "\n")
    }

    /// Every match of `pattern`'s first group (or the whole match) in `text`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return String(text[Range(group, in: text)!])
        }
    }

    /// The worker kinds `homeward run` and `homeward worker` take, as `WorkerKind` declares them.
    static func workerKinds() throws -> Set<String> {
        let declaration = try #require(matches(#"(?m)^\s*case ([a-z, ]+)$"#, in: try text("Sources/homeward/WorkerKind.swift")).first)
        return Set(declaration.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test("every YAML file under deploy/ parses, each document a mapping, and the Grafana dashboard is JSON")
    func everyManifestParses() throws {
        let yamlFiles = Self.files(under: "deploy").filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        #expect(yamlFiles.count >= 8)
        for path in yamlFiles {
            #expect(try !Self.documents(path).isEmpty, "\(path) has a document")
        }
        let dashboard = try JSONSerialization.jsonObject(with: Data(Self.text("deploy/grafana/homeward.json").utf8))
        #expect((dashboard as? [String: Any])?["panels"] is [Any])
    }

    @Test("deploy/strimzi has one KafkaTopic per catalogue topic with the partitions, replicas, cleanup policy and retention of deploy/kafka/topics.yaml")
    func strimziTopics() throws {
        let manifest = try TopicManifestTests.yaml("deploy/kafka/topics.yaml")
        let manifestTopics = try #require(manifest["topics"] as? [String: [String: Any]])
        let kafkaTopics = try Self.documents("deploy/strimzi/topics.yaml").filter { $0["kind"] as? String == "KafkaTopic" }
        var byName: [String: [String: Any]] = [:]
        for resource in kafkaTopics {
            let spec = try #require(resource["spec"] as? [String: Any])
            let name = try #require(spec["topicName"] as? String)
            #expect(Self.name(resource) == name)
            byName[name] = spec
        }
        let catalog = TopicCatalog(prefix: try #require(manifest["prefix"] as? String))
        #expect(Set(byName.keys) == Set(catalog.allNames))
        for descriptor in TopicCatalog.topics {
            let spec = try #require(byName[catalog.name(descriptor.role)], "\(descriptor.role) has a KafkaTopic")
            let entry = try #require(manifestTopics[descriptor.role.rawValue])
            #expect(TopicManifestTests.integer(spec["partitions"]) == TopicManifestTests.integer(manifest["partitions"]), "\(descriptor.role)")
            #expect(TopicManifestTests.integer(spec["replicas"]) == TopicManifestTests.integer(manifest["replicationFactor"]), "\(descriptor.role)")
            let configuration = try #require(spec["config"] as? [String: Any], "\(descriptor.role)")
            #expect(configuration["cleanup.policy"] as? String == entry["cleanup.policy"] as? String, "\(descriptor.role)")
            #expect(configuration["cleanup.policy"] as? String == descriptor.cleanup.rawValue, "\(descriptor.role)")
            #expect(TopicManifestTests.integer(configuration["retention.ms"]) == TopicManifestTests.integer(entry["retention.ms"]), "\(descriptor.role)")
            #expect(TopicManifestTests.integer(configuration["retention.ms"]) == descriptor.retentionMilliseconds, "\(descriptor.role)")
            if let leader = descriptor.copartitionedWith {
                let leaderSpec = try #require(byName[catalog.name(leader)])
                #expect(TopicManifestTests.integer(spec["partitions"]) == TopicManifestTests.integer(leaderSpec["partitions"]),
                        "\(descriptor.role) has as many partitions as \(leader)")
            }
        }
    }

    @Test("each Deployment runs real worker kinds, with probes on the port and paths of its --http-port, and a Service and a PodDisruptionBudget")
    func deployments() throws {
        let objects = try Self.kubernetesObjects()
        let kinds = try Self.workerKinds()
        let deployments = Self.objects("Deployment", in: objects)
        var kindsDeployed: Set<String> = []
        for deployment in deployments {
            let name = Self.name(deployment) ?? "?"
            let spec = try #require(deployment["spec"] as? [String: Any])
            let template = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
            #expect(TopicManifestTests.integer(template["terminationGracePeriodSeconds"]) ?? 0 >= 120, "\(name)")
            #expect((template["securityContext"] as? [String: Any])?["runAsNonRoot"] as? Bool == true, "\(name)")
            let container = try #require((template["containers"] as? [[String: Any]])?.first, "\(name)")
            let arguments = try #require(container["args"] as? [String], "\(name)")
            #expect(["run", "worker"].contains(arguments.first), "\(name) runs `homeward run` or `homeward worker`")
            let named = arguments.dropFirst().prefix { !$0.hasPrefix("-") }
            #expect(!named.isEmpty && named.allSatisfy(kinds.contains), "\(name) names worker kinds: \(named)")
            kindsDeployed.formUnion(named)
            let port = try #require(arguments.firstIndex(of: "--http-port").map { Int(arguments[$0 + 1]) } ?? nil, "\(name) serves the endpoints")
            #expect(arguments.firstIndex(of: "--http-host").map { arguments[$0 + 1] } == "0.0.0.0", "\(name)")
            #expect(arguments.firstIndex(of: "--log-format").map { arguments[$0 + 1] } == "json", "\(name)")
            for (probe, path) in [("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")] {
                let get = try #require((container[probe] as? [String: Any])?["httpGet"] as? [String: Any], "\(name) has a \(probe)")
                #expect(get["path"] as? String == path, "\(name) \(probe)")
                #expect(TopicManifestTests.integer(get["port"]) == Int64(port), "\(name) \(probe)")
            }
            let ports = try #require(container["ports"] as? [[String: Any]])
            #expect(ports.contains { TopicManifestTests.integer($0["containerPort"]) == Int64(port) && $0["name"] as? String == "metrics" }, "\(name)")
            let resources = try #require(container["resources"] as? [String: Any], "\(name) sets resources")
            #expect(resources["requests"] != nil && resources["limits"] != nil, "\(name)")
            let security = try #require(container["securityContext"] as? [String: Any])
            #expect(security["readOnlyRootFilesystem"] as? Bool == true, "\(name)")
            #expect(security["allowPrivilegeEscalation"] as? Bool == false, "\(name)")

            let labels = try #require((spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String])
            let service = Self.objects("Service", in: objects).first { ($0["spec"] as? [String: Any])?["selector"] as? [String: String] == labels }
            let servicePorts = try #require((service?["spec"] as? [String: Any])?["ports"] as? [[String: Any]], "\(name) has a Service")
            #expect(servicePorts.contains { $0["name"] as? String == "metrics" }, "\(name)'s Service exposes the metrics port")
            let budget = Self.objects("PodDisruptionBudget", in: objects).first {
                (($0["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"] as? [String: String] == labels
            }
            #expect(TopicManifestTests.integer((budget?["spec"] as? [String: Any])?["maxUnavailable"]) == 1, "\(name) has a PodDisruptionBudget")
        }
        #expect(kindsDeployed == ["scheduler", "escalator", "notifier"])
        let monitor = try #require(Self.objects("ServiceMonitor", in: objects).first)
        let endpoints = try #require((monitor["spec"] as? [String: Any])?["endpoints"] as? [[String: Any]])
        #expect(endpoints.contains { $0["port"] as? String == "metrics" && $0["path"] as? String == "/metrics" })
    }

    @Test("the ConfigMaps hold every file of config/ the workers read, and every volume names a generated ConfigMap or the Secret template")
    func configuration() throws {
        let kustomization = try Self.documents("deploy/kubernetes/kustomization.yaml")[0]
        let generators = try #require(kustomization["configMapGenerator"] as? [[String: Any]])
        let generated = Set(generators.compactMap { $0["name"] as? String })
        let listed = generators.flatMap { $0["files"] as? [String] ?? [] }
        for file in listed {
            #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent("deploy/kubernetes/" + file).path), "\(file) exists")
        }
        let needed = ["config/homeward.yaml", "config/directory.yaml"]
            + Self.files(under: "config/policies") + Self.files(under: "config/templates")
        #expect(Set(needed).subtracting(listed.map { String($0.dropFirst("../../".count)) }).isEmpty,
                "every configuration file is in a ConfigMap: list a new one in deploy/kubernetes/kustomization.yaml")
        let secret = try Self.documents("deploy/kubernetes/secret.template.yaml")[0]
        let secretName = try #require(Self.name(secret))
        let secretKeys = Set((secret["stringData"] as? [String: Any] ?? [:]).keys)
        for deployment in Self.objects("Deployment", in: try Self.kubernetesObjects()) {
            let template = (((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]) ?? [:]
            for volume in template["volumes"] as? [[String: Any]] ?? [] {
                if let map = (volume["configMap"] as? [String: Any])?["name"] as? String {
                    #expect(generated.contains(map), "\(Self.name(deployment) ?? "?") mounts \(map)")
                }
                if let name = (volume["secret"] as? [String: Any])?["secretName"] as? String {
                    #expect(name == secretName)
                }
            }
            let container = (template["containers"] as? [[String: Any]])?.first ?? [:]
            for variable in container["env"] as? [[String: Any]] ?? [] where (variable["name"] as? String)?.hasSuffix("_FILE") == true {
                let path = try #require(variable["value"] as? String)
                #expect(path.hasPrefix("/run/secrets/homeward/") && secretKeys.contains(String(path.split(separator: "/").last!)),
                        "\(variable["name"] ?? "") points at a key of the Secret")
            }
        }
    }

    /// Every `NAME=` an EnvironmentFile or an `Environment=` line of the systemd units sets.
    static func systemdVariables() throws -> [String] {
        let unitFiles = files(under: "deploy/systemd").filter { $0.hasSuffix(".service") || $0.hasSuffix(".conf") }
        let environmentFiles = files(under: "deploy/systemd").filter { $0.hasSuffix(".env") }
        let fromUnits = try unitFiles.flatMap { matches(#"(?m)^Environment=([A-Z_]+)="#, in: try text($0)) }
        let fromFiles = try environmentFiles.flatMap { matches(#"(?m)^([A-Z_]+)="#, in: try text($0)) }
        return fromUnits + fromFiles
    }

    /// The environment variables of the configuration keys
    /// (`Sources/homeward/Config/ConfigurationKey.swift`): `HOMEWARD_` and
    /// the key in capitals (`kafka.topicPrefix` → `HOMEWARD_KAFKA_TOPIC_PREFIX`),
    /// and `…_FILE` for a secret.
    static func configurationVariables() throws -> Set<String> {
        let declarations = try text("Sources/homeward/Config/ConfigurationKey.swift")
        var variables: Set<String> = []
        for declaration in matches(#"Self\(name: "[^"]+"(?:, isSecret: true)?"#, in: declarations) {
            let key = try #require(matches(#""([^"]+)""#, in: declaration).first)
            var name = "HOMEWARD_"
            var previous: Character = "_"
            for character in key {
                let kept = character.isLetter || character.isNumber
                if character.isUppercase, previous.isLowercase { name.append("_") }
                name.append(kept ? Character(character.uppercased()) : "_")
                previous = kept ? character : "_"
            }
            variables.insert(name)
            if declaration.contains("isSecret: true") { variables.insert(name + "_FILE") }
        }
        return variables
    }

    @Test("every HOMEWARD_ variable the manifests and units set is one the sources read; the units' own variables are used by ExecStart")
    func environmentVariables() throws {
        let sources = Self.sources()
        var kubernetes: [String] = []
        for deployment in Self.objects("Deployment", in: try Self.kubernetesObjects()) {
            let template = (((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]) ?? [:]
            for container in template["containers"] as? [[String: Any]] ?? [] {
                kubernetes += (container["env"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
        }
        let systemd = try Self.systemdVariables()
        #expect(kubernetes.contains("HOMEWARD_SMTP_PASSWORD_FILE") && systemd.contains("HOMEWARD_SMTP_PASSWORD_FILE"))
        let configured = try Self.configurationVariables()
        for variable in Set(kubernetes + systemd) where variable.hasPrefix("HOMEWARD_") {
            let read = sources.contains("\"\(variable)\"") || configured.contains(variable)
            #expect(read, "\(variable) is read by the sources")
        }
        let unit = try Self.text("deploy/systemd/homeward@.service")
        let execStart = try #require(Self.matches(#"(?m)^ExecStart=(.*)$"#, in: unit).first)
        for variable in Set(systemd) where !variable.hasPrefix("HOMEWARD_") {
            #expect(execStart.contains("$\(variable)") || execStart.contains("${\(variable)}"), "ExecStart uses \(variable)")
        }
        #expect(Self.matches(#"(?m)^([A-Z_]+)="#, in: unit).isEmpty)
    }

    @Test("the systemd unit runs one worker kind per instance, stops within the pods' grace period, and takes its secrets as credentials")
    func systemdUnit() throws {
        let unit = try Self.text("deploy/systemd/homeward@.service")
        #expect(unit.contains("ExecStart=/usr/local/bin/homeward run %i "))
        #expect(unit.contains("TimeoutStopSec=120\n"))
        #expect(unit.contains("Restart=on-failure\n"))
        for line in ["DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes"] { #expect(unit.contains(line + "\n")) }
        let kinds = try Self.workerKinds()
        for file in Self.files(under: "deploy/systemd") where file.hasSuffix(".env") && !file.hasSuffix("/homeward.env") {
            let kind = String(file.split(separator: "/").last!.dropLast(".env".count))
            #expect(kinds.contains(kind), "\(file) is named for a worker kind")
        }
        for (unitText, credential) in [(unit, "kafka-sasl-password"),
                                       (try Self.text("deploy/systemd/homeward@notifier.service.d/smtp-credentials.conf"), "smtp-password")] {
            #expect(unitText.contains("LoadCredential=\(credential):"))
            #expect(unitText.contains("=%d/\(credential)\n"))
        }
    }

    /// The metric names in `text`, with a histogram's `_bucket`, `_sum` and `_count` taken off.
    static func metricNames(in text: String, histograms: Set<String>) -> Set<String> {
        Set(matches(#"homeward_[a-z_]+"#, in: text).map { name in
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if histograms.contains(base) { return base }
            }
            return name
        })
    }

    @Test("every metric the dashboard and the alert rules use is one the sources name and docs/operations.md documents; the dashboard shows them all")
    func metrics() throws {
        let named = Set(Self.matches(#""(homeward_[a-z_]+)""#, in: Self.sources()))
        let documented = Set(Self.matches(#"\| `(homeward_[a-z_]+)` \|"#, in: try Self.text("docs/operations.md")))
        #expect(named.count >= 12)
        #expect(named == documented, "the sources and docs/operations.md name the same metrics")
        let histograms = Set(named.filter { $0.hasSuffix("_seconds") })
        let dashboard = Self.metricNames(in: try Self.text("deploy/grafana/homeward.json"), histograms: histograms)
        let rules = Self.metricNames(in: try Self.text("deploy/prometheus/homeward-rules.yaml"), histograms: histograms)
        #expect(dashboard.subtracting(named).isEmpty, "unknown metrics in the dashboard: \(dashboard.subtracting(named))")
        #expect(rules.subtracting(named).isEmpty, "unknown metrics in the alert rules: \(rules.subtracting(named))")
        #expect(named.subtracting(dashboard).isEmpty, "metrics the dashboard does not show: \(named.subtracting(dashboard))")
    }

    /// The anchor GitHub gives a Markdown heading.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
        })
    }

    @Test("every alert rule has a severity, a summary and a runbook that is a section of docs/operations.md")
    func alertRules() throws {
        let document = try Self.documents("deploy/prometheus/homeward-rules.yaml")[0]
        let rules = try #require(document["groups"] as? [[String: Any]]).flatMap { $0["rules"] as? [[String: Any]] ?? [] }
        let headings = Self.matches(#"(?m)^#{1,4} (.+)$"#, in: try Self.text("docs/operations.md")).map(Self.anchor)
        #expect(rules.count >= 5)
        for rule in rules {
            let alert = try #require(rule["alert"] as? String)
            #expect(rule["expr"] as? String != nil, "\(alert)")
            #expect((rule["labels"] as? [String: Any])?["severity"] is String, "\(alert)")
            let annotations = try #require(rule["annotations"] as? [String: Any], "\(alert)")
            #expect(annotations["summary"] is String, "\(alert)")
            let runbook = try #require(annotations["runbook_url"] as? String, "\(alert)")
            let parts = runbook.split(separator: "#", maxSplits: 1).map(String.init)
            #expect(parts.first == "docs/operations.md" && parts.count == 2 && headings.contains(parts[1]), "\(alert): \(runbook)")
        }
    }

    @Test("the container file builds the release product and runs it as a non-root user on a slim image with librdkafka1")
    func containerFile() throws {
        let file = try Self.text("deploy/Containerfile")
        #expect(file.contains("swift build -c release --product homeward"))
        #expect(file.contains("librdkafka-dev") && file.contains("librdkafka1") && file.contains("libjemalloc2"))
        #expect(file.contains("-slim"))
        #expect(file.contains("\nUSER 10001"))
        #expect(file.contains("\nCOPY config "))
        #expect(file.contains("\nENTRYPOINT [\"homeward\"]"))
    }
}
