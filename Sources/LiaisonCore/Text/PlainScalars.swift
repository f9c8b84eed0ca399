/// Scalars whose text needs no Unicode normalisation: in the blocks most names and notes
/// are written in (Latin, Cyrillic, Arabic, Ethiopic, CJK ideographs, common
/// punctuation), and neither a mark nor able to combine with what comes before.
///
/// Text made only of these is already NFC, and folds one scalar at a time: no two of them
/// compose, none is cased by its context, so each folds as it would alone. Foundation's
/// normalisation, which bridges every string to `NSString`, is left for the rest.
enum PlainScalars {
    /// Whether `scalar` is one of them.
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0..<0x300, 0x4E00...0x9FFF:
            // No mark below U+0300, and every one of these ideographs is a letter.
            return true
        case table.range:
            // Looked up rather than asked of the scalar's properties, which is slow and on
            // the path of every save.
            return table.plain[Int(value - table.range.lowerBound)]
        default:
            return false
        }
    }

    /// Whether every scalar of `text` is one of them.
    static func all(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(contains)
    }

    /// Which scalars of the other blocks are plain, worked out once from their properties.
    private static let table: (range: Range<UInt32>, plain: [Bool]) = {
        let range: Range<UInt32> = 0x400..<0x2028
        return (range, range.map { value in Unicode.Scalar(value).map(plain) ?? false })
    }()

    /// Whether a scalar of Cyrillic, Arabic, Ethiopic or the common punctuation is neither
    /// a mark nor able to combine with what comes before.
    static func plain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x400...0x4FF, 0x600...0x6FF, 0x1200...0x137F, 0x2010...0x2027:
            let properties = scalar.properties
            guard properties.canonicalCombiningClass == .notReordered else { return false }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: return true
            }
        default:
            return false
        }
    }
}
