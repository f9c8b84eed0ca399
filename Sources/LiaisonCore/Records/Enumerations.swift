/// How carefully a contact must be handled. A protected contact leaves the device only
/// under its code name.
public enum Sensitivity: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case normal, sensitive, protected
}

/// A contact's gender, as they describe it, or undisclosed.
public enum Gender: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case female, male, other, undisclosed
}

/// A contact's age group; youth is 15-24.
public enum AgeGroup: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case youth, adult, elder, undisclosed
}

/// Whether a contact agreed to have their details kept.
public enum ConsentStatus: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case given, declined
    case notAsked = "not_asked"
}

/// What a contact's consent covers.
public enum ConsentScope: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    /// Keep the details on this device only.
    case deviceOnly = "device_only"
    /// The details may be shared with partners.
    case shareWithPartners = "share_with_partners"
}

/// How serious a grievance is.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case low, medium, high, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The kinds of record in the store.
public enum RecordKind: String, Codable, Sendable, CaseIterable {
    public init(from decoder: any Decoder) throws { self = try decodeChoice(decoder) }

    case contact, meeting, grievance, feedback

    /// The plural in the command line's arguments and the bundle's file names, the same in
    /// every language: `contacts`, `feedback`. People read `kind.<kind>` from the catalogue.
    public var plural: String { self == .feedback ? "feedback" : rawValue + "s" }

    /// The table that holds this kind.
    var table: String { rawValue }
}
