/// The fast decoding path: the same rules as the `Decodable` conformances,
/// read straight from the parsed document.
protocol FieldDecodable {
    init(reading fields: FieldReader) throws(EventRejection)
}

/// The event's envelope attributes, found in one pass over its members
/// rather than one search per attribute (a repeated name: the last wins,
/// as everywhere).
struct EnvelopeMembers {
    var specversion, id, source, type, time, subject, datacontenttype, data: Int?

    init(_ fields: FieldReader) {
        let tape = fields.tape
        var child = fields.object + 1
        for _ in 0..<tape.nodes[fields.object].count {
            let value = child + 1
            let name = tape.withUTF8(of: child) { name -> Name? in
                func named(_ text: StaticString) -> Bool {
                    memcmpEqual(name, UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
                }
                switch name.count {
                case 2: return named("id") ? .id : nil
                case 4: return named("time") ? .time : named("type") ? .type : named("data") ? .data : nil
                case 6: return named("source") ? .source : nil
                case 7: return named("subject") ? .subject : nil
                case 11: return named("specversion") ? .specversion : nil
                case 15: return named("datacontenttype") ? .datacontenttype : nil
                default: return nil
                }
            }
            switch name {
            case .specversion: specversion = value
            case .id: id = value
            case .source: source = value
            case .type: type = value
            case .time: time = value
            case .subject: subject = value
            case .datacontenttype: datacontenttype = value
            case .data: data = value
            case nil: break
            }
            child = tape.next(after: value)
        }
    }

    private enum Name { case specversion, id, source, type, time, subject, datacontenttype, data }
}

extension CaseEvent {
    /// Decodes and validates a parsed event object (the validator's path).
    init(reading fields: FieldReader) throws(EventRejection) {
        let envelope = EnvelopeMembers(fields)
        let specversionValue = try fields.require("specversion", envelope.specversion)
        guard try fields.string("specversion", specversionValue, is: "1.0") else {
            let specversion = try fields.string("specversion", specversionValue)
            throw fields.reject("specversion", .enumeration, expected: "\"1.0\"", found: "\"\(specversion.escapingControlCharacters.prefix(20))\"")
        }
        let type: CaseEventType
        let typeValue = try fields.require("type", envelope.type)
        if fields.tape.isString(typeValue), let known = fields.tape.withUTF8(of: typeValue, { CaseEventType.byFullTypeBytes.value(named: $0) }) {
            type = known
        } else {
            let typeText = try fields.string("type", typeValue)
            do {
                type = try CaseEventType.resolve(typeText)
            } catch {
                throw fields.reject("type", error.kind, expected: error.expected, found: error.found)
            }
        }
        let id = try fields.identifier("id", try fields.require("id", envelope.id))
        let sourceValue = try fields.require("source", envelope.source)
        let sourceText = try fields.string("source", sourceValue)
        let source: EventSource
        if fields.tape.withUTF8(of: sourceValue, { $0.count <= EventSource.maxLength && $0.isPrintableASCII(allowingSpace: false) }) {
            source = EventSource(trusted: sourceText)  // printable ASCII without spaces: valid as it is
        } else {
            do {
                source = try EventSource(validating: sourceText)
            } catch {
                throw fields.reject("source", error.kind, expected: error.expected, found: error.found)
            }
        }
        let time = try fields.timestamp("time", try fields.require("time", envelope.time))
        let subjectValue = try fields.require("subject", envelope.subject)
        let subjectText = try fields.string("subject", subjectValue)
        let subjectIsPlain = fields.tape.withUTF8(of: subjectValue) { $0.count <= Identifier.maxLength && $0.isPrintableASCII(allowingSpace: true) }
        if !subjectIsPlain, let problem = Identifier.problem(in: subjectText) {
            throw fields.reject("subject", .subject, expected: "case id (1…128 characters, no control characters or line separators)", found: problem)
        }
        let contentTypeValue = try fields.require("datacontenttype", envelope.datacontenttype)
        guard try fields.string("datacontenttype", contentTypeValue, is: "application/json") else {
            let contentType = try fields.string("datacontenttype", contentTypeValue)
            throw fields.reject("datacontenttype", .enumeration, expected: "\"application/json\"", found: "\"\(contentType.escapingControlCharacters.prefix(40))\"")
        }
        let data = try fields.object("data", try fields.require("data", envelope.data))
        self.init(id: id, source: source, time: time, subject: Identifier(trusted: subjectText),
                  payload: try CaseEventPayload(type: type, reading: data))
    }
}

extension CaseEventPayload {
    init(type: CaseEventType, reading data: FieldReader) throws(EventRejection) {
        switch type {
        case .caseOpened: self = .caseOpened(try CaseOpened(reading: data))
        case .caseStageChanged:
            self = .caseStageChanged(CaseStageChanged(stage: try data.enumeration("stage"), effectiveAt: try data.timestamp("effectiveAt")))
        case .caseReunified: self = .caseReunified(CaseReunified(reunifiedAt: try data.timestamp("reunifiedAt")))
        case .caseworkerAssigned:
            self = .caseworkerAssigned(CaseworkerAssigned(caseworkerId: try data.identifier("caseworkerId"), teamId: try data.identifier("teamId")))
        case .riskLevelAssessed:
            self = .riskLevelAssessed(RiskLevelAssessed(level: try data.enumeration("level"), assessedAt: try data.timestamp("assessedAt")))
        case .visitScheduled:
            self = .visitScheduled(VisitScheduled(visitId: try data.identifier("visitId"), dueAt: try data.timestamp("dueAt")))
        case .visitCompleted: self = .visitCompleted(try VisitCompleted(reading: data))
        case .visitMissed:
            self = .visitMissed(VisitMissed(visitId: try data.identifier("visitId"), missedAt: try data.timestamp("missedAt"),
                                            reason: try data.enumeration("reason")))
        case .riskSignalReported:
            self = .riskSignalReported(RiskSignalReported(
                signalId: try data.identifier("signalId"), category: try data.enumeration("category"),
                severity: try data.bounded("severity"), source: try data.enumeration("source"),
                observedAt: try data.timestamp("observedAt")))
        case .courtOrderIssued:
            self = .courtOrderIssued(CourtOrderIssued(
                orderId: try data.identifier("orderId"), kind: try data.enumeration("kind"),
                startsAt: try data.timestamp("startsAt"), endsAt: try data.timestamp("endsAt")))
        case .courtOrderEnded:
            self = .courtOrderEnded(CourtOrderEnded(orderId: try data.identifier("orderId"), endedAt: try data.timestamp("endedAt")))
        case .escalationAcknowledged:
            self = .escalationAcknowledged(EscalationAcknowledged(
                escalationId: try data.identifier("escalationId"), acknowledgedBy: try data.identifier("acknowledgedBy"),
                acknowledgedAt: try data.timestamp("acknowledgedAt")))
        case .escalationResolved:
            self = .escalationResolved(EscalationResolved(
                escalationId: try data.identifier("escalationId"), resolvedBy: try data.identifier("resolvedBy"),
                resolvedAt: try data.timestamp("resolvedAt"), outcome: try data.enumeration("outcome")))
        case .caseClosed:
            self = .caseClosed(CaseClosed(reason: try data.enumeration("reason"), approvedBy: try data.identifier("approvedBy")))
        case .caseReopened: self = .caseReopened(CaseReopened(reason: try data.enumeration("reason")))
        }
    }
}

extension CaseOpened: FieldDecodable {
    init(reading data: FieldReader) throws(EventRejection) {
        let caseworkerId = try data.identifier("caseworkerId")
        let teamId = try data.identifier("teamId")
        let language: Language = try data.enumeration("language")
        var timezone: TimeZoneName? = nil
        if let value = try data.optional("timezone") {
            let text = try data.string("timezone", value)
            guard TimeZoneName.isWellFormed(text) else {
                throw data.reject("timezone", .value, expected: "IANA time zone name such as Europe/Amsterdam",
                                  found: "\"\(text.escapingControlCharacters.prefix(40))\"")
            }
            timezone = TimeZoneName(trusted: text)
        }
        let placementFields = try data.object("placement")
        let placement = Placement(type: try placementFields.enumeration("type"), since: try placementFields.timestamp("since"))
        let birthYear: BirthYear? = try data.optional("birthYear").map { (value) throws(EventRejection) in try data.bounded("birthYear", value) }
        let legalBasis: LegalBasis? = try data.optional("legalBasis").map { (value) throws(EventRejection) in try data.enumeration("legalBasis", value) }
        self.init(caseworkerId: caseworkerId, teamId: teamId, language: language, timezone: timezone,
                  placement: placement, birthYear: birthYear, legalBasis: legalBasis)
    }
}

extension VisitCompleted: FieldDecodable {
    init(reading data: FieldReader) throws(EventRejection) {
        let visitId = try data.identifier("visitId")
        let completedAt = try data.timestamp("completedAt")
        let childSeenAlone = try data.bool("childSeenAlone")
        var wellbeing: WellbeingScores? = nil
        if let value = try data.optional("wellbeing") {
            let fields = try data.object("wellbeing", value)
            var scores = WellbeingScores()
            for (name, score) in fields.tape.members(of: fields.object) {
                guard let domain = fields.tape.withUTF8(of: name, { WellbeingDomain.byNameBytes.value(named: $0) }) else {
                    let key = fields.tape.string(at: name)
                    throw fields.reject(key, .enumeration,
                                        expected: "a Child Status Index domain (\(WellbeingDomain.allCases.map(\.rawValue).joined(separator: "|")))",
                                        found: "\"\(key.escapingControlCharacters.prefix(40))\"")
                }
                // A repeated domain: its last value counts, as for every member.
                scores[domain] = try fields.bounded(domain.rawValue, fields.value(domain.rawValue) ?? score)
            }
            wellbeing = scores
        }
        var concerns: [RiskCategory]? = nil
        if let value = try data.optional("concerns") {
            let items = try data.array("concerns", value)
            var list: [RiskCategory] = []
            list.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                list.append(try data.enumeration("concerns[\(index)]", item))
            }
            concerns = list
        }
        self.init(visitId: visitId, completedAt: completedAt, childSeenAlone: childSeenAlone, wellbeing: wellbeing, concerns: concerns)
    }
}
